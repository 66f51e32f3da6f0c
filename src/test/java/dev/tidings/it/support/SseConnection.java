package dev.tidings.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal SSE client over a raw socket, so tests see the exact bytes on the wire and control the
 * connection (close it, or never read). Parses events on a daemon thread into a queue.
 */
public final class SseConnection implements AutoCloseable {
    public record Event(String id, String event, String data) {
    }

    private final Socket socket;
    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final List<String> comments = new ArrayList<>();
    private final String body;
    private volatile boolean ended;
    private volatile boolean endedCleanly;
    private final Object gate = new Object();
    private boolean paused;

    private SseConnection(Socket socket, boolean read) throws IOException {
        this.socket = socket;
        InputStream in = socket.getInputStream();
        String statusLine = line(in);
        status = Integer.parseInt(statusLine.split(" ")[1]);
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        InputStream content = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? new Chunked(in) : new java.io.BufferedInputStream(in);
        if (status != 200) {
            body = new String(content.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0"))), StandardCharsets.UTF_8);
            return;
        }
        body = "";
        if (read) {
            Thread reader = new Thread(() -> parse(content), "sse-test-reader");
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** Opens a stream and reads it. */
    public static SseConnection open(URL base, String path, String... headerLines) throws IOException {
        return connect(base, path, true, 0, headerLines);
    }

    /** Opens a stream that reads through a small socket receive buffer, so {@link #pause()} backs up quickly. */
    public static SseConnection openSmall(URL base, String path, String... headerLines) throws IOException {
        return connect(base, path, true, 4096, headerLines);
    }

    /** Opens a stream with a tiny receive buffer and never reads past the headers: a client that stalls. */
    public static SseConnection openStalled(URL base, String path) throws IOException {
        return connect(base, path, false, 2048);
    }

    private static SseConnection connect(URL base, String path, boolean read, int receiveBuffer, String... headerLines)
            throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 5000);
        socket.setSoTimeout(30_000);
        StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                .append("Accept: text/event-stream\r\n");
        for (String h : headerLines) {
            request.append(h).append("\r\n");
        }
        request.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return new SseConnection(socket, read);
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The body of a non-200 response. */
    public String body() {
        return body;
    }

    /** The next event, or fails after the timeout. */
    public Event next(Duration timeout) throws InterruptedException {
        Event e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new AssertionError("no SSE event within " + timeout + (ended ? " (stream ended)" : ""));
        }
        return e;
    }

    /** Every event until {@code count} arrived, or fails after the timeout. */
    public List<Event> take(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Event> out = new ArrayList<>();
        while (out.size() < count) {
            long left = deadline - System.nanoTime();
            Event e = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("got " + out.size() + " of " + count + " SSE events within " + timeout
                        + (ended ? " (stream ended)" : ""));
            }
            out.add(e);
        }
        return out;
    }

    /** Stops reading from the socket (the server's writes back up), until {@link #resume()}. */
    public void pause() {
        synchronized (gate) {
            paused = true;
        }
    }

    public void resume() {
        synchronized (gate) {
            paused = false;
            gate.notifyAll();
        }
    }

    /** Every event received so far, and those still to come until the stream ends; fails after the timeout. */
    public List<Event> drainUntilEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Event> out = new ArrayList<>();
        while (!(ended && events.isEmpty())) {
            Event e = events.poll(50, TimeUnit.MILLISECONDS);
            if (e != null) {
                out.add(e);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("stream did not end within " + timeout + " (" + out.size() + " events read)");
            }
        }
        return out;
    }

    /** Whether the server ended the stream properly (the last chunk of a chunked response), not by a reset. */
    public boolean endedCleanly() {
        return endedCleanly;
    }

    /** Whether the server ended the stream. */
    public boolean ended() {
        return ended;
    }

    public synchronized List<String> comments() {
        return List.copyOf(comments);
    }

    /** Everything received so far, as text. */
    public String raw() {
        synchronized (raw) {
            return raw.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void parse(InputStream in) {
        String id = null;
        String event = null;
        StringBuilder data = null;
        try {
            for (;;) {
                synchronized (gate) {
                    while (paused) {
                        gate.wait();
                    }
                }
                String line = line(in);
                if (line == null) {
                    endedCleanly = !(in instanceof Chunked chunked) || chunked.done;
                    break;
                }
                synchronized (raw) {
                    raw.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
                }
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, event, data.toString()));
                    }
                    event = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    synchronized (this) {
                        comments.add(line);
                    }
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> event = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> { }
                    }
                }
            }
        } catch (IOException e) {
            // connection closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ended = true;
        }
    }

    /** Reads one line ending in LF (CR before it dropped); null at end of stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        for (;;) {
            int b = in.read();
            if (b < 0) {
                return buffer.size() == 0 ? null : buffer.toString(StandardCharsets.UTF_8);
            }
            if (b == '\n') {
                String s = buffer.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            buffer.write(b);
        }
    }

    /** HTTP/1.1 chunked transfer decoding. */
    private static final class Chunked extends InputStream {
        private final InputStream in;
        private int left;
        /** The terminating zero-size chunk arrived. */
        private volatile boolean done;

        Chunked(InputStream in) {
            this.in = new java.io.BufferedInputStream(in);
        }

        @Override
        public int read() throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line(in);
                if (size != null && size.isEmpty()) {
                    size = line(in);
                }
                if (size == null) {
                    return -1; // connection closed without the last chunk
                }
                left = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int b = in.read();
            if (b < 0) {
                return -1; // connection closed inside a chunk
            }
            left--;
            return b;
        }
    }
}
