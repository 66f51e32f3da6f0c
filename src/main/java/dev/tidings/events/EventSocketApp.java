package dev.tidings.events;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.Sockets;
import dev.tidings.api.TidingsException;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Type;
import java.security.Principal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One event socket at run time: its open clients, its rooms, and the dispatch of client events to the
 * handler bean. A mistake of the client (bad JSON, no event, an unknown event, data that does not fit)
 * gets a {@code warning} event back and the connection goes on; nothing a client sends can crash it.
 */
final class EventSocketApp {
    private static final Logger LOG = Logger.getLogger(EventSocketApp.class.getName());
    /** Pings without an answer after which a client is taken for gone. */
    static final int MISSED_PONGS = 3;

    private final EventSocketModel model;
    private final Object target;
    private final Jsonb jsonb;
    private final EventFrames frames;
    private final Executor closer;
    private final int buffer;
    private final Set<ClientSocket> sockets = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<ClientSocket>> rooms = new ConcurrentHashMap<>();
    /** What every new client is sent when it opens: the state of shared modules (progress bars). */
    private final List<Consumer<ClientSocket>> greeters = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final SocketGroup all;

    /**
     * @param target the handler bean (a contextual reference)
     * @param closer runs closes, which a container may do with a blocking write
     * @param buffer events queued per client
     */
    EventSocketApp(EventSocketModel model, Object target, Jsonb jsonb, Executor closer, int buffer) {
        this.model = model;
        this.target = target;
        this.jsonb = jsonb;
        this.frames = new EventFrames(jsonb);
        this.closer = closer;
        this.buffer = buffer;
        this.all = new SocketGroup(this, () -> sockets, s -> true);
    }

    String path() {
        return model.path();
    }

    EventFrames frames() {
        return frames;
    }

    /** Every client of this event socket. */
    Sockets sockets() {
        return all;
    }

    /** A client connected: it is registered, greeted with the shared modules' state, then {@code open} runs. */
    ClientSocket open(Outlet outlet, Optional<Principal> user) {
        ClientSocket socket = new ClientSocket(Long.toString(ids.incrementAndGet(), 36), this, outlet, user, buffer);
        sockets.add(socket);
        greeters.forEach(g -> g.accept(socket));
        dispatch(socket, EventSocketModel.OPEN, JsonValue.EMPTY_JSON_OBJECT);
        return socket;
    }

    /** Pings every client; closes those that have not answered the last {@value #MISSED_PONGS} heartbeats. */
    void heartbeat(long nowNanos, long intervalNanos) {
        for (ClientSocket socket : sockets) {
            socket.heartbeat(nowNanos, intervalNanos * MISSED_PONGS);
        }
    }

    /** A text frame from the client. */
    void message(ClientSocket socket, String text) {
        socket.seen();
        EventFrames.Incoming incoming;
        try {
            incoming = EventFrames.parse(text);
        } catch (TidingsException e) {
            socket.send(EventFrames.warning(e.getMessage()));
            return;
        }
        if (incoming.event().equals(EventSocketModel.OPEN) || incoming.event().equals(EventSocketModel.CLOSE)) {
            socket.send(EventFrames.warning("'" + incoming.event() + "' is fired by the server when a client connects or leaves; it cannot be sent"));
            return;
        }
        if (!model.handlers().containsKey(incoming.event())) {
            socket.send(EventFrames.warning("unknown event '" + incoming.event() + "'; " + model.path() + " handles: "
                    + String.join(", ", model.handlers().keySet().stream()
                            .filter(e -> !e.equals(EventSocketModel.OPEN) && !e.equals(EventSocketModel.CLOSE)).toList())));
            return;
        }
        dispatch(socket, incoming.event(), incoming.data());
    }

    /** The client left (or the server closed it): forget it, then {@code close} runs. */
    void closed(ClientSocket socket) {
        socket.gone();
        dispatch(socket, EventSocketModel.CLOSE, JsonValue.EMPTY_JSON_OBJECT);
    }

    /** Sends every new client something when it opens (a shared module's current state); returns the undo. */
    Runnable greet(Consumer<ClientSocket> greeter) {
        greeters.add(greeter);
        return () -> greeters.remove(greeter);
    }

    Collection<ClientSocket> room(String room) {
        Set<ClientSocket> members = rooms.get(room);
        return members == null ? Set.of() : members;
    }

    void joined(ClientSocket socket, String room) {
        rooms.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet()).add(socket);
    }

    void left(ClientSocket socket, String room) {
        rooms.computeIfPresent(room, (r, members) -> {
            members.remove(socket);
            return members.isEmpty() ? null : members;
        });
    }

    /** Called once per client when it stops being open. */
    void removed(ClientSocket socket) {
        sockets.remove(socket);
        for (String room : socket.rooms()) {
            left(socket, room);
        }
    }

    void closeLater(Runnable close) {
        try {
            closer.execute(close);
        } catch (RuntimeException e) {
            close.run();
        }
    }

    /** Decodes event data for a handler parameter with JSON-B. */
    Object decode(JsonValue data, Type type) {
        try {
            return jsonb.fromJson(data.toString(), type);
        } catch (JsonbException e) {
            throw new IllegalArgumentException("data does not fit " + type.getTypeName() + ": " + rootMessage(e), e);
        }
    }

    /** Ends every client (the application stops): 1001, so browsers reconnect elsewhere. */
    void shutdown() {
        for (ClientSocket socket : sockets) {
            socket.end(1001, ErrorCode.SHUTTING_DOWN.code() + ": server is shutting down; reconnect");
        }
    }

    private void dispatch(ClientSocket socket, String event, JsonValue data) {
        HandlerMethod handler = model.handlers().get(event);
        if (handler == null) {
            return;
        }
        try {
            handler.invoke(target, socket, all, data, this);
        } catch (IllegalArgumentException e) {
            socket.send(EventFrames.warning("invalid data for event '" + event + "': " + e.getMessage()));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TidingsException t) {
                socket.send(EventFrames.warning(t.getMessage()));
            } else {
                LOG.log(Level.WARNING, "event '" + event + "' of " + model.path() + " failed in " + handler.name(), cause);
                socket.send(EventFrames.warning("event '" + event + "' failed on the server"));
            }
        } catch (IllegalAccessException e) {
            LOG.log(Level.WARNING, "cannot call " + handler.name(), e);
            socket.send(EventFrames.warning("event '" + event + "' failed on the server"));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : (m.length() > 200 ? m.substring(0, 200) + "..." : m);
    }
}
