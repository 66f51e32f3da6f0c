package dev.tidings.api;

import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One client of an {@link EventSocket}. Thread safe; nothing here blocks.
 */
public interface Socket {

    /** A unique id for this connection. */
    String id();

    /** The event socket's path, e.g. {@code /chat}. */
    String path();

    /**
     * Sends an event to this client. {@code data} is sent as a JSON object: a {@code String}, number or boolean
     * as {@code {"message": data}}, {@code null} as {@code {}}, JSON-P values as they are, anything else through
     * JSON-B. Queued, never blocks; a client whose queue overflows is disconnected ({@code slow-consumer}).
     */
    void emit(String event, Object data);

    /** Joins a named group, for {@code Sockets.to(room)}. Room names are {@code [A-Za-z0-9._:-]{1,64}}. */
    void join(String room);

    void leave(String room);

    Set<String> rooms();

    /** Per-connection state of the application's choosing (a user name, say). */
    Map<String, Object> attributes();

    /** The authenticated user of the handshake, if any. */
    Optional<Principal> user();

    boolean isOpen();

    /** Closes the connection normally (1000). */
    void close();
}
