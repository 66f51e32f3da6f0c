package dev.tidings.api;

import java.util.List;
import java.util.function.Predicate;

/**
 * A set of event socket clients to emit to: every client of one {@link EventSocket}, narrowed with
 * {@link #to}, {@link #filter} and {@link #except}. Views are live: they select at emit time.
 * Inject {@link EventSockets} to reach one from outside a handler.
 */
public interface Sockets {

    /**
     * Sends an event to every client in the set, encoded once. Never blocks; a client that is closed or slow
     * never stops the others (django-tornado-websockets aborted the broadcast).
     *
     * @return how many clients it was sent to
     */
    int emit(String event, Object data);

    /** The clients that joined {@code room}. */
    Sockets to(String room);

    Sockets filter(Predicate<Socket> predicate);

    /** Everyone but {@code socket} (typically the sender). */
    Sockets except(Socket socket);

    /** A snapshot of the clients in the set. */
    List<Socket> list();

    default int count() {
        return list().size();
    }
}
