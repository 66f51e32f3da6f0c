package dev.tidings.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The yardstick: a hand-written, single-threaded NIO broadcaster with no framework, speaking just enough of
 * Tidings' HTTP surface for the load generator (SSE and WebSocket subscribe, publish, the channel list). It
 * measures the load generator's own ceiling, and what a push server costs at its very cheapest on this
 * machine. Not a server to use: one channel, no limits, no errors worth the name.
 */
public final class BaselineServer implements Runnable, AutoCloseable {
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final List<Peer> subscribers = new ArrayList<>();
    private volatile boolean running = true;
    private final Thread thread;
    private long nextId;
    private volatile int sabotage;
    private volatile int subscriberCount;

    public BaselineServer(int port) throws IOException {
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress("127.0.0.1", port), 1024);
        listener.configureBlocking(false);
        selector = Selector.open();
        listener.register(selector, SelectionKey.OP_ACCEPT);
        thread = new Thread(this, "baseline-server");
    }

    /**
     * For testing the load generator: the first subscriber misses every {@code every}-th message and gets the
     * message after it twice, so a run must report losses and duplicates.
     */
    public BaselineServer sabotage(int every) {
        this.sabotage = every;
        return this;
    }

    /** Subscribers connected now (read from another thread: approximate). */
    public int subscriberCount() {
        return subscriberCount;
    }

    public int port() throws IOException {
        return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    public BaselineServer start() {
        thread.start();
        return this;
    }

    /** {@code java -cp target/test-classes dev.tidings.bench.BaselineServer [port]}: runs until killed. */
    public static void main(String[] args) throws Exception {
        try (BaselineServer s = new BaselineServer(args.length > 0 ? Integer.parseInt(args[0]) : 18480)) {
            System.out.println("baseline server on 127.0.0.1:" + s.port());
            s.run();
        }
    }

    @Override
    public void run() {
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        try {
            while (running) {
                selector.select(200);
                for (SelectionKey key : selector.selectedKeys()) {
                    try {
                        if (key.isAcceptable()) {
                            SocketChannel ch;
                            while ((ch = listener.accept()) != null) {
                                ch.configureBlocking(false);
                                Peer p = new Peer(ch);
                                p.key = ch.register(selector, SelectionKey.OP_READ, p);
                            }
                        } else {
                            Peer p = (Peer) key.attachment();
                            if (key.isWritable()) {
                                p.flush();
                            }
                            if (key.isValid() && key.isReadable()) {
                                p.read(in);
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        Object a = key.attachment();
                        if (a instanceof Peer p) {
                            p.close();
                        }
                    }
                }
                selector.selectedKeys().clear();
                subscriberCount = subscribers.size();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void publish(byte[] body) {
        String id = "b-" + (++nextId);
        byte[] sse = ("id: " + id + "\ndata: " + new String(body, StandardCharsets.UTF_8) + "\n\n").getBytes(StandardCharsets.UTF_8);
        byte[] json = ("{\"id\":\"" + id + "\",\"data\":\"" + new String(body, StandardCharsets.UTF_8) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] ws = wsFrame(json);
        int every = sabotage;
        boolean first = true;
        for (Peer p : subscribers.toArray(new Peer[0])) {
            byte[] frame = p.ws ? ws : sse;
            if (first && every > 0 && nextId % every == 0) {
                first = false;
                continue;
            }
            p.send(frame);
            if (first && every > 0 && nextId % every == 1 && nextId > 1) {
                p.send(frame);
            }
            first = false;
        }
    }

    private static byte[] wsFrame(byte[] payload) {
        int n = payload.length;
        int head = n < 126 ? 2 : n < 65536 ? 4 : 10;
        byte[] f = new byte[head + n];
        f[0] = (byte) 0x81;
        if (n < 126) {
            f[1] = (byte) n;
        } else if (n < 65536) {
            f[1] = 126;
            f[2] = (byte) (n >> 8);
            f[3] = (byte) n;
        } else {
            f[1] = 127;
            for (int i = 0; i < 8; i++) {
                f[2 + i] = (byte) ((long) n >> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, f, head, n);
        return f;
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey k : selector.keys()) {
            k.channel().close();
        }
        selector.close();
        listener.close();
    }

    private final class Peer {
        final SocketChannel ch;
        SelectionKey key;
        final StringBuilder request = new StringBuilder();
        final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
        boolean subscribed;
        boolean ws;
        int bodyLeft = -1;
        byte[] body;
        int bodyAt;

        Peer(SocketChannel ch) {
            this.ch = ch;
        }

        void read(ByteBuffer in) throws IOException {
            in.clear();
            int n = ch.read(in);
            if (n < 0) {
                close();
                return;
            }
            if (subscribed) {
                return; // pongs and the like
            }
            for (int i = 0; i < n; i++) {
                byte b = in.get(i);
                if (bodyLeft > 0) {
                    body[bodyAt++] = b;
                    if (--bodyLeft == 0) {
                        publish(body);
                        send("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
                                .getBytes(StandardCharsets.US_ASCII));
                        bodyLeft = -1;
                    }
                    continue;
                }
                request.append((char) b);
                int len = request.length();
                if (len >= 4 && request.charAt(len - 1) == '\n' && request.charAt(len - 4) == '\r'
                        && request.charAt(len - 2) == '\r') {
                    handle(request.toString());
                    request.setLength(0);
                }
            }
        }

        private void handle(String head) {
            String first = head.substring(0, head.indexOf('\r'));
            String lower = head.toLowerCase(Locale.ROOT);
            if (first.startsWith("POST ")) {
                int at = lower.indexOf("content-length:");
                int length = Integer.parseInt(lower.substring(at + 15, lower.indexOf('\r', at)).trim());
                body = new byte[length];
                bodyAt = 0;
                bodyLeft = length;
                if (length == 0) {
                    publish(body);
                    send("HTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII));
                    bodyLeft = -1;
                }
            } else if (first.startsWith("GET /api/channels ")) {
                String json = "[{\"name\":\"bench\",\"store\":\"queue\",\"subscribers\":" + subscribers.size() + "}]";
                send(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + json.length()
                        + "\r\nConnection: close\r\n\r\n" + json).getBytes(StandardCharsets.US_ASCII));
            } else if (first.startsWith("GET /ws/")) {
                int at = lower.indexOf("sec-websocket-key:");
                String key = head.substring(at + 18, head.indexOf('\r', at)).trim();
                send(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                ws = true;
                subscribed = true;
                subscribers.add(this);
            } else if (first.startsWith("GET /api/channels/")) {
                send("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                subscribed = true;
                subscribers.add(this);
            } else {
                send("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        }

        void send(byte[] bytes) {
            out.add(ByteBuffer.wrap(bytes));
            try {
                flush();
            } catch (IOException e) {
                close();
            }
        }

        void flush() throws IOException {
            while (!out.isEmpty()) {
                ByteBuffer b = out.peek();
                ch.write(b);
                if (b.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
                out.poll();
            }
            if (key.isValid()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        void close() {
            subscribers.remove(this);
            key.cancel();
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    static String accept(String key) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
