package dev.tidings.spi;

import java.util.List;

/**
 * One channel's delivery semantics (tornadose's {@code BaseStore}): what it retains, what a new subscriber
 * receives first, and the shape of each subscriber's buffer.
 *
 * <p>Ordering contract: Tidings calls {@link #append} and {@link #backlog} under the channel's publish
 * order, one call at a time: every message appended before a {@code backlog} call is either in that backlog
 * or deliberately omitted by the store, and every message appended after it reaches the new subscriber
 * live. So nothing is lost or doubled at the hand-off. Neither method may block or do I/O.
 */
public interface ChannelStore {

    /** Records a message that is being published, in publish order. */
    void append(Envelope envelope);

    /**
     * What a new subscriber receives before live messages, oldest first. {@code request.head()} is set. A
     * store that cannot serve a requested position says so with a gap notice in the backlog (see
     * {@code dev.tidings.store.Gaps}), never by silently skipping.
     *
     * @throws dev.tidings.api.TidingsException ({@code BAD_REQUEST}) for a position the channel never issued
     */
    List<Envelope> backlog(SubscribeRequest request);

    /** A new, empty, bounded buffer for one subscriber of this channel. */
    OutboundBuffer newBuffer();

    /**
     * Forgets everything retained: the channel's sequence starts over in a new epoch (a shared channel whose
     * broker lost its state). Default: {@link #close()}.
     */
    default void clear() {
        close();
    }

    /** Releases what the store holds; the channel is going away. */
    default void close() {
    }
}
