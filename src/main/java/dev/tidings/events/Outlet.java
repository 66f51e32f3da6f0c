package dev.tidings.events;

import java.util.function.Consumer;

/**
 * Where a client's frames go: the WebSocket session in a container, a recording in tests. Implementations
 * start the write and return; at most one {@link #send} is outstanding per outlet.
 */
interface Outlet {

    /** Starts sending one text frame; {@code done} gets null on success, the failure otherwise. */
    void send(String frame, Consumer<Throwable> done);

    /** Sends a ping; the client's pong tells it is still there. Never blocks. */
    void ping();

    /** Closes the connection with a WebSocket close code and reason. May block briefly; never called on a writer thread. */
    void close(int code, String reason);
}
