package dev.tidings.spi;

import dev.tidings.api.Message;

/**
 * Turns a message into one transport's wire frame. A transport keeps one instance and passes it to
 * {@link Envelope#encoded(Encoder)}, so each message is encoded once per transport however many
 * subscribers receive it. Must be pure and thread safe.
 *
 * @param <F> the frame type ({@code byte[]} for SSE, {@code String} for WebSocket)
 */
@FunctionalInterface
public interface Encoder<F> {
    F encode(Message message);
}
