package dev.tidings.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N subscribers over raw non-blocking sockets, on a few selector threads. Each connection strips its
 * transport's framing (HTTP chunked encoding for SSE, frame headers for WebSocket) and scans the remaining
 * bytes for {@link Payload}s; nothing is decoded into strings, so the load generator costs far less per
 * delivery than the server it measures.
 *
 * <p>Per step (a publish rate held for a while) it counts deliveries, duplicates and out-of-order
 * deliveries per connection, and records publish→receive latency.
 */
final class Receivers implements AutoCloseable {
    static final int MAX_STEPS = 64;

    private final InetSocketAddress server;
    private final Transport transport;
    private final byte[] request;
    private final long base;
    private final Worker[] workers;
    private final AtomicInteger established = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    private int opened;

    /**
     * @param root the path Tidings is deployed under ("" at the root)
     * @param base the load generator's time origin (payloads carry nanoseconds since it)
     */
    Receivers(InetSocketAddress server, String root, Transport transport, String channel, int threads, long base)
            throws IOException {
        this.server = server;
        this.transport = transport;
        this.base = base;
        String host = server.getHostString() + ":" + server.getPort();
        String text = transport == Transport.SSE
                ? "GET " + root + "/api/channels/" + channel + "/events HTTP/1.1\r\nHost: " + host
                        + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n"
                : "GET " + root + "/ws/channels/" + channel + " HTTP/1.1\r\nHost: " + host
                        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n\r\n";
        this.request = text.getBytes(StandardCharsets.US_ASCII);
        this.workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker(i);
        }
        for (Worker w : workers) {
            w.thread.start();
        }
    }

    /**
     * Opens {@code count} more connections, at most {@code window} handshakes at a time, and waits until each
     * has either its response header or failed (bounded by {@code timeoutMillis}).
     *
     * @return how many are established in total
     */
    int connect(int count, int window, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        int target = opened + count;
        while (opened < target) {
            while (opened < target && opened - established.get() - failed.get() < window) {
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Worker w = workers[opened % workers.length];
                ch.connect(server);
                w.add(new Conn(ch, w));
                opened++;
            }
            if (System.currentTimeMillis() > deadline) {
                break;
            }
            Thread.sleep(1);
        }
        while (established.get() + failed.get() < opened && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        return established.get();
    }

    int established() {
        return established.get();
    }

    int failed() {
        return failed.get();
    }

    /** Connections the server closed (or that broke) after they were established. */
    int dropped() {
        return dropped.get();
    }

    List<String> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    /** Deliveries of messages of {@code step} so far (each connection counts each message at most once). */
    long received(int step) {
        long sum = 0;
        for (Worker w : workers) {
            sum += w.visible().received[step];
        }
        return sum;
    }

    /** The step's totals: deliveries, duplicates, reorders, latencies, time of the last delivery. */
    StepStats stats(int step) {
        StepStats s = new StepStats();
        for (Worker w : workers) {
            Worker v = w.visible();
            s.received += v.received[step];
            s.duplicates += v.duplicates[step];
            s.reorders += v.reorders[step];
            s.lastReceiveNanos = Math.max(s.lastReceiveNanos, v.lastReceive[step]);
            s.latency.add(v.latency[step]);
        }
        return s;
    }

    static final class StepStats {
        long received;
        long duplicates;
        long reorders;
        long lastReceiveNanos;
        final Histogram latency = new Histogram();
    }

    @Override
    public void close() throws InterruptedException {
        for (Worker w : workers) {
            w.running = false;
            w.selector.wakeup();
        }
        for (Worker w : workers) {
            w.thread.join(5000);
        }
    }

    private void error(String what) {
        if (errors.size() < 20) {
            errors.add(what);
        }
    }

    /** One selector thread and its connections' counters, per step. */
    private final class Worker implements Runnable {
        final Thread thread;
        final Selector selector;
        final ConcurrentLinkedQueue<Conn> incoming = new ConcurrentLinkedQueue<>();
        final ByteBuffer in = ByteBuffer.allocateDirect(256 * 1024);
        final byte[] bytes = new byte[256 * 1024];
        final long[] received = new long[MAX_STEPS];
        final long[] duplicates = new long[MAX_STEPS];
        final long[] reorders = new long[MAX_STEPS];
        final long[] lastReceive = new long[MAX_STEPS];
        final Histogram[] latency = new Histogram[MAX_STEPS];
        volatile boolean running = true;
        /** Written after each round of reads: reading it makes the counters above visible to another thread. */
        volatile long rounds;

        Worker(int index) throws IOException {
            selector = Selector.open();
            for (int i = 0; i < MAX_STEPS; i++) {
                latency[i] = new Histogram();
            }
            thread = new Thread(this, "bench-receiver-" + index);
            thread.setDaemon(true);
        }

        Worker visible() {
            long ignored = rounds;
            return this;
        }

        void add(Conn c) {
            incoming.add(c);
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                while (running) {
                    // the action form of select: no selected-key set to fill, iterate and clear per round
                    selector.select(this::ready, 100);
                    Conn c;
                    while ((c = incoming.poll()) != null) {
                        c.key = c.ch.register(selector, SelectionKey.OP_CONNECT, c);
                        if (c.ch.isConnected()) {
                            c.connected();
                        }
                    }
                    rounds++;
                }
            } catch (IOException e) {
                error("selector: " + e);
            } finally {
                for (SelectionKey key : selector.keys()) {
                    try {
                        key.channel().close();
                    } catch (IOException ignored) {
                        // closing
                    }
                }
                try {
                    selector.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }

        private void ready(SelectionKey key) {
            Conn conn = (Conn) key.attachment();
            try {
                if (key.isConnectable()) {
                    if (conn.ch.finishConnect()) {
                        conn.connected();
                    }
                } else if (key.isReadable()) {
                    conn.read();
                }
            } catch (IOException | RuntimeException e) {
                conn.fail(e.toString());
            }
        }

        void deliver(Conn c, int step, long seq, long sentNanos, long now) {
            if (step < 0 || step >= MAX_STEPS) {
                return;
            }
            if (seq > c.lastSeq) {
                c.lastSeq = seq;
                received[step]++;
                lastReceive[step] = now;
                latency[step].record((now - sentNanos) / 1000);
            } else if (seq == c.lastSeq) {
                duplicates[step]++;
            } else {
                reorders[step]++;
            }
        }
    }

    private static final int HEADER = 0;
    private static final int STREAM = 1;
    private static final int DEAD = 2;

    /** One subscriber connection: the handshake, then the stream with its framing stripped. */
    private final class Conn {
        final SocketChannel ch;
        final Worker worker;
        final Payload.Scanner scanner = new Payload.Scanner();
        SelectionKey key;
        int phase = HEADER;
        final StringBuilder header = new StringBuilder();
        long lastSeq = -1;
        // SSE with chunked transfer encoding
        boolean chunked;
        int chunkState; // 0 size, 1 size-extension/CR until LF, 2 data, 3 CR LF after data
        long chunkLeft;
        // WebSocket framing
        int wsState; // 0 first byte, 1 length byte, 2 extended length, 3 payload
        int wsOpcode;
        int wsLenBytes;
        long wsLeft;

        Conn(SocketChannel ch, Worker worker) {
            this.ch = ch;
            this.worker = worker;
        }

        void connected() throws IOException {
            ByteBuffer req = ByteBuffer.wrap(request);
            while (req.hasRemaining()) {
                if (ch.write(req) == 0) {
                    throw new IOException("request did not fit the socket buffer");
                }
            }
            key.interestOps(SelectionKey.OP_READ);
        }

        void fail(String why) {
            if (phase == HEADER) {
                failed.incrementAndGet();
                error("connect: " + why);
            } else if (phase == STREAM) {
                dropped.incrementAndGet();
                error("stream: " + why);
            }
            phase = DEAD;
            key.cancel();
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing
            }
        }

        void read() throws IOException {
            ByteBuffer in = worker.in;
            byte[] bytes = worker.bytes;
            for (int rounds = 0; rounds < 4; rounds++) {
                in.clear();
                int n = ch.read(in);
                if (n < 0) {
                    fail("closed by the server");
                    return;
                }
                if (n == 0) {
                    return;
                }
                long now = System.nanoTime() - base;
                in.flip();
                in.get(bytes, 0, n);
                int from = 0;
                if (phase == HEADER) {
                    from = header(bytes, n);
                    if (phase != STREAM) {
                        return;
                    }
                }
                if (transport == Transport.SSE) {
                    sse(bytes, from, n, now);
                } else {
                    ws(bytes, from, n, now);
                }
                if (n < in.capacity()) {
                    return;
                }
            }
        }

        /** Collects the response header; returns where the stream starts in {@code bytes}. */
        private int header(byte[] bytes, int n) {
            for (int i = 0; i < n; i++) {
                header.append((char) bytes[i]);
                int len = header.length();
                if (len >= 4 && header.charAt(len - 1) == '\n' && header.charAt(len - 2) == '\r'
                        && header.charAt(len - 3) == '\n' && header.charAt(len - 4) == '\r') {
                    String h = header.toString();
                    String status = h.substring(0, h.indexOf('\r'));
                    String expected = transport == Transport.SSE ? " 200" : " 101";
                    if (!status.contains(expected)) {
                        fail("status " + status);
                        return n;
                    }
                    chunked = h.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked");
                    header.setLength(0);
                    header.trimToSize();
                    phase = STREAM;
                    established.incrementAndGet();
                    return i + 1;
                }
                if (len > 16384) {
                    fail("response header too long");
                    return n;
                }
            }
            return n;
        }

        private void sse(byte[] b, int from, int to, long now) {
            for (int i = from; i < to; i++) {
                byte x = b[i];
                if (chunked) {
                    switch (chunkState) {
                        case 0:
                            int d = Character.digit(x, 16);
                            if (d >= 0) {
                                chunkLeft = chunkLeft * 16 + d;
                            } else {
                                chunkState = 1;
                                i--;
                            }
                            continue;
                        case 1:
                            if (x == '\n') {
                                if (chunkLeft == 0) {
                                    fail("the server ended the stream (last chunk)");
                                    return;
                                }
                                chunkState = 2;
                            }
                            continue;
                        case 2:
                            int take = (int) Math.min(chunkLeft, to - i);
                            scan(b, i, i + take, now);
                            chunkLeft -= take;
                            i += take - 1;
                            if (chunkLeft == 0) {
                                chunkState = 3;
                            }
                            continue;
                        default:
                            if (x == '\n') {
                                chunkState = 0;
                            }
                            continue;
                    }
                }
                scan(b, i, to, now);
                return;
            }
        }

        private void ws(byte[] b, int from, int to, long now) throws IOException {
            for (int i = from; i < to; i++) {
                int x = b[i] & 0xff;
                switch (wsState) {
                    case 0:
                        wsOpcode = x & 0x0f;
                        wsState = 1;
                        break;
                    case 1:
                        int len = x & 0x7f;
                        if (len == 126 || len == 127) {
                            wsLenBytes = len == 126 ? 2 : 8;
                            wsLeft = 0;
                            wsState = 2;
                        } else {
                            frameStart(len);
                        }
                        break;
                    case 2:
                        wsLeft = (wsLeft << 8) | x;
                        if (--wsLenBytes == 0) {
                            frameStart(wsLeft);
                        }
                        break;
                    default:
                        int take = (int) Math.min(wsLeft, to - i);
                        if (wsOpcode == 1 || wsOpcode == 0) {
                            scan(b, i, i + take, now);
                        }
                        wsLeft -= take;
                        i += take - 1;
                        if (wsLeft == 0) {
                            frameEnd();
                        }
                        break;
                }
            }
        }

        private void frameStart(long length) throws IOException {
            wsLeft = length;
            wsState = 3;
            if (length == 0) {
                frameEnd();
            }
        }

        private void frameEnd() throws IOException {
            wsState = 0;
            if (wsOpcode == 9) {
                // a ping (Tidings' heartbeat, empty): answer with an empty masked pong
                ch.write(ByteBuffer.wrap(new byte[] {(byte) 0x8A, (byte) 0x80, 1, 2, 3, 4}));
            } else if (wsOpcode == 8) {
                fail("the server closed the WebSocket");
            }
        }

        private void scan(byte[] b, int from, int to, long now) {
            Payload.Scanner s = scanner;
            for (int i = from; i < to; i++) {
                if (s.feed(b[i])) {
                    worker.deliver(this, s.step(), s.seq(), s.nanos(), now);
                }
            }
        }
    }
}
