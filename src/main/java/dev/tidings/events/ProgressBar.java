package dev.tidings.events;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.Socket;
import dev.tidings.api.Sockets;
import dev.tidings.api.TidingsException;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A server-driven progress bar (django-tornado-websockets' ProgressBar module), rendered in the browser by
 * {@code progressBar(...)} of {@code /tidings.js}. Its events are namespaced by module and bar name:
 * {@code progressbar:<name>:init}, {@code progressbar:<name>:update} and {@code progressbar:<name>:done},
 * each with data {@code {"name", "min", "max", "value", "indeterminate", "label"?}}.
 *
 * <p>The caller chooses who sees it: {@link #of(Socket, String, int, int)} for one client (the usual case: each
 * user watches their own task), {@link #shared(Sockets, String, int, int)} for a set of clients (everybody
 * watches the same build). Whoever opens the event socket later is sent the current state at once.
 *
 * <pre>{@code
 * @On("start")
 * void start(Socket socket) {
 *     ProgressBar bar = ProgressBar.of(socket, "import", 0, 1000);
 *     executor.submit(() -> { for (int i = 0; i < 1000; i++) { importOne(i); bar.tick("row " + (i + 1)); } });
 * }
 * }</pre>
 *
 * {@code done} is sent once, when the value reaches {@code max} (whatever {@code max} is: the original
 * compared with {@code is} and never fired from 257 on). Thread safe.
 */
public final class ProgressBar {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,40}");
    /** Found once: {@code Json.create...} looks the JSON-P provider up again on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private final String name;
    private final int min;
    private final int max;
    private final Consumer<String> emit;
    private final EventFrames frames;
    private final Runnable unregister;
    private boolean indeterminate;
    private int value;
    private Optional<String> label = Optional.empty();
    private boolean done;

    private ProgressBar(String name, int min, int max, EventFrames frames, Consumer<String> emit,
                        java.util.function.Function<ProgressBar, Runnable> register) {
        if (!NAME.matcher(name).matches()) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "invalid progress bar name '" + name + "'; names match " + NAME.pattern());
        }
        if (max < min) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "progress bar " + name + ": max " + max + " is below min " + min);
        }
        this.name = name;
        this.min = min;
        this.max = max;
        this.value = min;
        this.indeterminate = min == max;
        this.frames = frames;
        this.emit = emit;
        this.unregister = register.apply(this);
    }

    /** A bar one client sees; it is sent its initial state now. */
    public static ProgressBar of(Socket socket, String name, int min, int max) {
        ClientSocket client = client(socket);
        ProgressBar bar = new ProgressBar(name, min, max, client.app().frames(), client::send, b -> () -> { });
        bar.init();
        return bar;
    }

    /**
     * A bar a set of clients sees (all clients of an event socket, a room, a filter); sent to them now, and to
     * every client that opens the event socket later, if the set includes it. {@link #close()} stops that.
     */
    public static ProgressBar shared(Sockets sockets, String name, int min, int max) {
        if (!(sockets instanceof SocketGroup group)) {
            throw new IllegalArgumentException("pass the Sockets Tidings gave you");
        }
        EventSocketApp app = group.app();
        ProgressBar bar = new ProgressBar(name, min, max, app.frames(), frame -> group.send(frame), b -> app.greet(socket -> {
            if (group.includes(socket)) {
                b.show(socket);
            }
        }));
        bar.init();
        return bar;
    }

    /** Shows an activity without a known end (the client renders a moving bar) until the next {@link #tick}. */
    public synchronized ProgressBar indeterminate(boolean indeterminate) {
        this.indeterminate = indeterminate || min == max;
        emit("update");
        return this;
    }

    /** Advances by one and sends {@code update}; sends {@code done} when the bar reaches max. */
    public void tick() {
        tick(null);
    }

    /** Advances by one with a label the client shows ("row 12 of 1000"). */
    public synchronized void tick(String label) {
        if (done) {
            return;
        }
        value = Math.min(max, value + 1);
        this.label = Optional.ofNullable(label);
        if (min != max) {
            indeterminate = false;
        }
        emit("update");
        if (value >= max) {
            done = true;
            emit("done");
        }
    }

    /** Back to min; clients re-initialise. */
    public synchronized void reset() {
        value = min;
        done = false;
        label = Optional.empty();
        indeterminate = min == max;
        init();
    }

    /** Sends the current state to one client (after it joined the room a shared bar is shown to, say). */
    public synchronized void show(Socket socket) {
        ClientSocket client = client(socket);
        client.send(frames.frame(event("init"), state()));
        if (done) {
            client.send(frames.frame(event("done"), state()));
        }
    }

    /** Stops greeting new clients with this bar's state. */
    public void close() {
        unregister.run();
    }

    public synchronized int value() {
        return value;
    }

    public synchronized boolean isDone() {
        return done;
    }

    public String name() {
        return name;
    }

    private synchronized void init() {
        emit("init");
    }

    private void emit(String what) {
        emit.accept(frames.frame(event(what), state()));
    }

    private String event(String what) {
        return "progressbar:" + name + ":" + what;
    }

    private JsonObject state() {
        JsonObjectBuilder state = JSON.createObjectBuilder().add("name", name).add("min", min).add("max", max)
                .add("value", value).add("indeterminate", indeterminate);
        label.ifPresent(l -> state.add("label", l));
        return state.build();
    }

    private static ClientSocket client(Socket socket) {
        if (!(socket instanceof ClientSocket client)) {
            throw new IllegalArgumentException("pass the Socket Tidings gave you");
        }
        return client;
    }
}
