package dev.tidings.api;

import java.util.Objects;
import java.util.Optional;

/**
 * One message of a channel.
 *
 * @param channel the channel name
 * @param id opaque id, ordered within the channel ({@code <epoch>-<offset>})
 * @param event the event name, if any
 * @param data the payload text (JSON is text)
 */
public record Message(String channel, String id, Optional<String> event, String data) {

    public Message {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
    }
}
