package dev.tidings.spi;

import java.util.Optional;

/**
 * What a client asked for when subscribing.
 *
 * @param lastEventId the id of the last message the client saw (SSE {@code Last-Event-ID}), if any
 */
public record SubscribeRequest(Optional<String> lastEventId) {

    public static SubscribeRequest fresh() {
        return new SubscribeRequest(Optional.empty());
    }
}
