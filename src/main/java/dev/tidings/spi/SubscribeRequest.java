package dev.tidings.spi;

import java.util.Optional;

/**
 * What a client asked for when subscribing, and where the channel stood at that moment.
 *
 * @param resumeFrom the id of the last message the client saw (SSE {@code Last-Event-ID}, WebSocket
 *                   {@code ?lastEventId=}): it wants what came after
 * @param replay on a first subscribe (no {@code resumeFrom}), how many of the latest retained messages it
 *               wants first; 0 for none
 * @param head the id of the last message published to the channel when the backlog is taken (offset 0 if
 *             none yet); set by Tidings, so stores can tell a foreign or future id
 */
public record SubscribeRequest(Optional<MessageId> resumeFrom, int replay, Optional<MessageId> head) {

    public SubscribeRequest {
        if (replay < 0) {
            throw new IllegalArgumentException("replay must not be negative");
        }
    }

    /** From now on. */
    public static SubscribeRequest fresh() {
        return new SubscribeRequest(Optional.empty(), 0, Optional.empty());
    }

    /** What a client asked for; the channel's head is filled in by Tidings. */
    public static SubscribeRequest of(Optional<MessageId> resumeFrom, int replay) {
        return new SubscribeRequest(resumeFrom, replay, Optional.empty());
    }

    /** The same request, at the channel's current head. */
    public SubscribeRequest at(MessageId channelHead) {
        return new SubscribeRequest(resumeFrom, replay, Optional.of(channelHead));
    }
}
