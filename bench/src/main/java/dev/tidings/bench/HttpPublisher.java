package dev.tidings.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

/**
 * One ordered publisher: {@code POST /api/channels/{channel}} on one keep-alive connection, each request
 * answered before the next is sent, paced to a fixed rate. When the server answers more slowly than the rate
 * allows, the publisher falls behind and the achieved rate says so.
 */
final class HttpPublisher implements AutoCloseable {
    private final InetSocketAddress server;
    private final String root;
    private final String channel;
    private final String token;
    private final long base;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private long seq;

    HttpPublisher(InetSocketAddress server, String root, String channel, String token, long base) {
        this.server = server;
        this.root = root;
        this.channel = channel;
        this.token = token;
        this.base = base;
    }

    /** What one step sent. */
    record Sent(long firstSeq, long count, long firstSendNanos, long lastSendNanos, long errors, String firstError,
                Histogram roundTrips) {
        double seconds() {
            return Math.max(1, lastSendNanos - firstSendNanos) / 1e9;
        }
    }

    /**
     * Publishes {@code rate} messages per second for {@code seconds}, each payload carrying the step, a
     * sequence number (continuing across steps) and its send time.
     */
    Sent run(int step, double rate, double seconds, int size) {
        long period = (long) (1e9 / rate);
        long count = Math.max(1, Math.round(rate * seconds));
        long firstSeq = seq;
        long start = System.nanoTime();
        long first = -1;
        long last = 0;
        long errors = 0;
        Histogram roundTrips = new Histogram();
        String firstError = null;
        for (long i = 0; i < count; i++) {
            long due = start + i * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            long sent = System.nanoTime();
            String error = publish(Payload.of(step, seq, sent - base, size));
            roundTrips.record((System.nanoTime() - sent) / 1000);
            if (error != null) {
                errors++;
                if (firstError == null) {
                    firstError = error;
                }
                close();
            } else {
                seq++;
                if (first < 0) {
                    first = sent - base;
                }
                last = sent - base;
            }
        }
        return new Sent(firstSeq, seq - firstSeq, first, last, errors, firstError, roundTrips);
    }

    /** Sends one message; returns null when the server accepted it (202), else what went wrong. */
    private String publish(byte[] body) {
        try {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(server, 5000);
                socket.setSoTimeout(30_000);
                out = socket.getOutputStream();
                in = new BufferedInputStream(socket.getInputStream(), 8192);
            }
            String head = "POST " + root + "/api/channels/" + channel + " HTTP/1.1\r\nHost: " + server.getHostString() + ":"
                    + server.getPort() + "\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
            byte[] h = head.getBytes(StandardCharsets.US_ASCII);
            byte[] request = new byte[h.length + body.length];
            System.arraycopy(h, 0, request, 0, h.length);
            System.arraycopy(body, 0, request, h.length, body.length);
            out.write(request);
            out.flush();
            return response();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private String response() throws IOException {
        String status = line();
        long length = -1;
        boolean chunked = false;
        boolean closes = false;
        for (String l = line(); !l.isEmpty(); l = line()) {
            String lower = l.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                closes = true;
            }
        }
        StringBuilder bodyText = new StringBuilder();
        if (chunked) {
            for (long n = Long.parseLong(line().split(";")[0].trim(), 16); n > 0;
                 n = Long.parseLong(line().split(";")[0].trim(), 16)) {
                body(n, bodyText);
                line();
            }
            line();
        } else if (length > 0) {
            body(length, bodyText);
        }
        if (closes) {
            close();
        }
        return status.contains(" 202") ? null : status + " " + bodyText;
    }

    private void body(long n, StringBuilder into) throws IOException {
        for (long i = 0; i < n; i++) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in a response body");
            }
            if (into.length() < 500) {
                into.append((char) b);
            }
        }
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed in a response");
            }
            if (b != '\r') {
                s.append((char) b);
            }
        }
        return s.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
            socket = null;
        }
    }
}
