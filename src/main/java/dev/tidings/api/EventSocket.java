package dev.tidings.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an event socket (django-tornado-websockets' {@code WebSocket('/path')}): a CDI bean whose
 * {@link On} methods handle the events clients send to {@code ws://host/ws<path>}. Both directions use
 * frames {@code {"event": "name", "data": {...}}}.
 *
 * <pre>{@code
 * @ApplicationScoped
 * @EventSocket("/chat")
 * public class Chat {
 *     @On("open")
 *     void opened(Socket socket, Sockets all) {
 *         all.except(socket).emit("joined", Map.of("id", socket.id()));
 *     }
 *
 *     @On("message")
 *     void message(Socket socket, Sockets all, ChatMessage message) {   // data decoded with JSON-B
 *         all.to(message.room()).emit("message", message);               // a room, everyone, or a filter
 *     }
 * }
 * }</pre>
 *
 * Paths start with {@code /}, use {@code [A-Za-z0-9._~-]} segments, and must not start with
 * {@code /channels/} (the channel subscriptions live there). Browsers may connect from the same origin, or
 * from the origins in {@code tidings.events.allowed-origins}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventSocket {

    /** The path under {@code /ws}, e.g. {@code /chat} for {@code /ws/chat}. */
    String value();
}
