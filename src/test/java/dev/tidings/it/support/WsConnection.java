package dev.tidings.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket test client (the JDK's): collects text frames as JSON objects and the close code/reason. */
public final class WsConnection implements AutoCloseable {
    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final WebSocket socket;
    private final Object gate = new Object();
    private boolean paused;
    private boolean owed;

    private WsConnection(URL base, String path, String origin) throws Exception {
        URI uri = URI.create("ws://" + base.getHost() + ":" + base.getPort() + path);
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (origin != null) {
            builder.header("Origin", origin);
        }
        socket = builder.buildAsync(uri, new Listener()).get(15, TimeUnit.SECONDS);
    }

    public static WsConnection open(URL base, String path) throws Exception {
        return new WsConnection(base, path, null);
    }

    /** Opens with an {@code Origin} header, as a browser page of that origin would. */
    public static WsConnection open(URL base, String path, String origin) throws Exception {
        return new WsConnection(base, path, origin);
    }

    /** Sends an event socket frame {@code {"event": ..., "data": ...}}. */
    public void emit(String event, String dataJson) {
        sendText("{\"event\":\"" + event + "\",\"data\":" + dataJson + "}");
    }

    public JsonObject next(Duration timeout) throws InterruptedException {
        JsonObject frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null) {
            throw new AssertionError("no WebSocket frame within " + timeout + (closed.isDone() ? " (closed: " + closed.join() + ")" : ""));
        }
        return frame;
    }

    public List<JsonObject> take(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonObject> out = new ArrayList<>();
        while (out.size() < count) {
            JsonObject f = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (f == null) {
                throw new AssertionError("got " + out.size() + " of " + count + " WebSocket frames within " + timeout
                        + (closed.isDone() ? " (closed: " + closed.join() + ")" : " (still open)"));
            }
            out.add(f);
        }
        return out;
    }

    /** "code reason" once the server closed the socket. */
    public String awaitClose(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops asking for frames (the JDK client then stops reading the socket), until {@link #resume()}. */
    public void pause() {
        synchronized (gate) {
            paused = true;
        }
    }

    public void resume() {
        boolean request;
        synchronized (gate) {
            paused = false;
            request = owed;
            owed = false;
        }
        if (request) {
            socket.request(1);
        }
    }

    /** Frames received so far and until the socket closes; fails after the timeout. */
    public List<JsonObject> drainUntilClose(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonObject> out = new ArrayList<>();
        while (!(closed.isDone() && frames.isEmpty())) {
            JsonObject f = frames.poll(50, TimeUnit.MILLISECONDS);
            if (f != null) {
                out.add(f);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("socket not closed within " + timeout + " (" + out.size() + " frames read)");
            }
        }
        return out;
    }

    /** Drops the connection without a close handshake, as a client that vanishes does. */
    public void abort() {
        socket.abort();
    }

    /** Frames until the socket closes or nothing arrives for {@code quiet}; fails after the timeout. */
    public List<JsonObject> drainUntilQuiet(Duration quiet, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonObject> out = new ArrayList<>();
        while (!(closed.isDone() && frames.isEmpty())) {
            JsonObject f = frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
            if (f == null) {
                break;
            }
            out.add(f);
            if (System.nanoTime() > deadline) {
                throw new AssertionError("frames kept coming for " + timeout);
            }
        }
        return out;
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    public void sendBinary(byte[] data) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(data), true).join();
    }

    public void sendText(String text) {
        socket.sendText(text, true).join();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(t -> null).join();
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(Json.createReader(new StringReader(partial.toString())).readObject());
                partial.setLength(0);
            }
            synchronized (gate) {
                if (paused) {
                    owed = true;
                    return null;
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete("error " + error);
        }
    }
}
