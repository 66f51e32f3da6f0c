package dev.tidings.config;

import java.util.List;

/**
 * Event sockets ({@code tidings.events.*}).
 *
 * @param allowedOrigins browser origins allowed besides the page's own ({@code tidings.events.allowed-origins},
 *                       comma-separated, e.g. {@code https://app.example.com}; {@code *} allows any; default
 *                       none: same origin only)
 * @param buffer events queued per client before it is disconnected as a slow consumer
 *               ({@code tidings.events.buffer}, default 1024)
 * @param maxMessageBytes largest event a client may send ({@code tidings.events.max-message-bytes}, default
 *                        65536); a larger one closes the socket with 1009
 */
public record EventsSettings(List<String> allowedOrigins, int buffer, int maxMessageBytes) {
    public static final int DEFAULT_BUFFER = 1024;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;

    public EventsSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    public static EventsSettings defaults() {
        return new EventsSettings(List.of(), DEFAULT_BUFFER, DEFAULT_MAX_MESSAGE_BYTES);
    }
}
