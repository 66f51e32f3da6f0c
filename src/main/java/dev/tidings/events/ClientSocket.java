package dev.tidings.events;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.Socket;
import dev.tidings.api.TidingsException;
import dev.tidings.config.Names;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One event socket client: its rooms, attributes and bounded outgoing queue. Frames are written one at a
 * time through the {@link Outlet}; the next starts when the previous completes, on whichever thread completed
 * it. A client whose queue overflows is closed as a slow consumer, without delaying anyone.
 */
final class ClientSocket implements Socket {
    static final int SLOW_CONSUMER = 1008;

    private final String id;
    private final EventSocketApp app;
    private final Outlet outlet;
    private final Optional<Principal> user;
    private final int capacity;
    private final Queue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final Consumer<Throwable> written = this::written;
    /** When the client last showed it is there (a frame, a pong, or a write it took), in nanoseconds. */
    private volatile long lastSeen = System.nanoTime();
    /** The thread inside {@code outlet.send}: a completion on that thread returns to the pump loop instead of recursing. */
    private volatile Thread sender;

    ClientSocket(String id, EventSocketApp app, Outlet outlet, Optional<Principal> user, int capacity) {
        this.id = id;
        this.app = app;
        this.outlet = outlet;
        this.user = user;
        this.capacity = capacity;
    }

    EventSocketApp app() {
        return app;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String path() {
        return app.path();
    }

    @Override
    public void emit(String event, Object data) {
        send(app.frames().frame(event, data));
    }

    @Override
    public void join(String room) {
        if (!Names.isEvent(room)) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "invalid room name '" + room + "'; room names match " + Names.EVENT.pattern());
        }
        if (open.get() && rooms.add(room)) {
            app.joined(this, room);
        }
    }

    @Override
    public void leave(String room) {
        if (rooms.remove(room)) {
            app.left(this, room);
        }
    }

    @Override
    public Set<String> rooms() {
        return Set.copyOf(rooms);
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    @Override
    public Optional<Principal> user() {
        return user;
    }

    @Override
    public boolean isOpen() {
        return open.get();
    }

    @Override
    public void close() {
        end(1000, "closed by the server");
    }

    @Override
    public String toString() {
        return "Socket[" + app.path() + "#" + id + "]";
    }

    /**
     * Queues an encoded frame. Never blocks.
     *
     * @return false when the client is closed or was just closed for overflowing
     */
    boolean send(String frame) {
        if (!open.get()) {
            return false;
        }
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            end(SLOW_CONSUMER, ErrorCode.SLOW_CONSUMER.code() + ": outgoing queue of " + capacity + " events overflowed");
            return false;
        }
        queue.add(frame);
        pump();
        return true;
    }

    /** The client sent something (an event or a pong): it is alive. */
    void seen() {
        seen(System.nanoTime());
    }

    void seen(long nanos) {
        lastSeen = nanos;
    }

    /**
     * Heartbeat: pings the client, or, when it has not answered for {@code timeoutNanos}, takes it for gone (its
     * network dropped; some containers keep such sessions open) and closes it.
     */
    void heartbeat(long nowNanos, long timeoutNanos) {
        if (!open.get()) {
            return;
        }
        if (nowNanos - lastSeen > timeoutNanos) {
            end(1001, "no answer to " + EventSocketApp.MISSED_PONGS + " pings; reconnect");
        } else if (writing.compareAndSet(false, true)) {
            // Never alongside a frame in flight: containers (OpenLiberty) allow one write at a time. A socket busy
            // writing is pinged at the next heartbeat; its completed writes count as signs of life meanwhile.
            try {
                outlet.ping();
            } finally {
                writing.set(false);
            }
            pump();
        }
    }

    /** The client is gone (the container said so): forget it, write nothing more. */
    void gone() {
        if (open.compareAndSet(true, false)) {
            queue.clear();
            app.removed(this);
        }
    }

    /** Ends the connection from the server side, off the caller's thread. */
    void end(int code, String reason) {
        if (open.compareAndSet(true, false)) {
            queue.clear();
            app.removed(this);
            app.closeLater(() -> outlet.close(code, reason));
        }
    }

    /** Starts the next write unless one is in flight; loops while writes complete synchronously. */
    private void pump() {
        while (open.get() && !queue.isEmpty() && writing.compareAndSet(false, true)) {
            String next = queue.poll();
            if (next == null) {
                writing.set(false);
                continue;
            }
            queued.decrementAndGet();
            sender = Thread.currentThread();
            try {
                outlet.send(next, written);
            } finally {
                sender = null;
            }
        }
    }

    private void written(Throwable failure) {
        if (failure == null) {
            seen();
        }
        writing.set(false);
        if (failure != null) {
            end(1011, ErrorCode.INTERNAL.code() + ": write to client failed");
        } else if (sender != Thread.currentThread()) {
            pump();
        }
    }
}
