package dev.tidings.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A plain {@link Socket} client of the TCP line protocol, as a device or script would write one. */
public final class TcpClient implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private TcpClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    public static TcpClient connect(int port) throws IOException {
        return connect(port, 0);
    }

    /** @param receiveBuffer the socket's receive buffer in bytes (small for a client that never reads), 0 for the default */
    public static TcpClient connect(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        return new TcpClient(socket);
    }

    /** Sends one line, adding CRLF. */
    public TcpClient send(String line) throws IOException {
        return sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    public TcpClient sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The next line, without CRLF; fails after the timeout or at the end of the stream. */
    public String next(Duration timeout) throws IOException {
        String line = nextOrEnd(timeout);
        if (line == null) {
            throw new AssertionError("the server closed the connection");
        }
        return line;
    }

    /** The next line, or null when the server closed the connection. */
    public String nextOrEnd(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            return in.readLine();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no line from the server within " + timeout);
        }
    }

    /** Sends a command and returns the reply line. */
    public String call(String line, Duration timeout) throws IOException {
        send(line);
        return next(timeout);
    }

    public List<String> take(int count, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> lines = new ArrayList<>(count);
        while (lines.size() < count) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            if (System.nanoTime() > deadline) {
                throw new AssertionError("got " + lines.size() + " of " + count + " lines within " + timeout);
            }
            String line = nextOrEnd(Duration.ofMillis(left));
            if (line == null) {
                throw new AssertionError("the server closed the connection after " + lines.size() + " of " + count + " lines"
                        + (lines.isEmpty() ? "" : "; the last: " + abbreviated(lines.get(lines.size() - 1))));
            }
            lines.add(line);
        }
        return lines;
    }

    /** Reads until the server closes the connection; returns what it read. */
    public List<String> drainUntilEnd(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> lines = new ArrayList<>();
        for (;;) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("the connection stayed open for " + timeout + "; read " + lines.size() + " lines");
            }
            String line;
            try {
                line = nextOrEnd(Duration.ofMillis(left));
            } catch (IOException e) {
                return lines; // reset by the server: ended too
            }
            if (line == null) {
                return lines;
            }
            lines.add(line);
        }
    }

    private static String abbreviated(String line) {
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
