package dev.tidings.spi;

import dev.tidings.api.Message;

/**
 * Where a broker delivers a channel's messages on this instance: the channel itself. Messages arrive
 * sequenced by the broker ({@code <epoch>-<offset>}, the same ids on every instance).
 *
 * <p>Contract: calls come one at a time, in the broker's order. A message at or before {@link #position()}
 * in the same epoch is a duplicate and is ignored; a message of another epoch starts the channel over (the
 * broker lost its state, say after a Redis restart without persistence): what the store retained is
 * forgotten, and clients resuming from the old epoch get a gap notice.
 */
public interface BrokerSink {

    /** Delivers one message to this instance's subscribers, and to the store. */
    void deliver(Message message, MessageId position);

    /** The position of the last message delivered (offset 0 before the first). */
    MessageId position();

    /**
     * The channel has caught up with the broker (after a start, or a reconnection). Until the first time, the
     * channel refuses new subscribers (they retry), so nobody resumes against an incomplete history.
     */
    default void caughtUp() {
    }
}
