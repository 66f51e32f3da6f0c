package dev.tidings.transport.tcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.InterruptedByTimeoutException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client socket: a read loop that feeds lines to the protocol, and a write queue drained by
 * asynchronous gathering writes. No thread waits for the client: reads and writes complete on the
 * listener's channel group.
 *
 * <p>Bounds: the queue holds at most one message frame per subscribed channel (each subscription has at most
 * one write outstanding) plus the replies to commands; when {@value #MAX_QUEUED_REPLIES} replies wait
 * because the client does not read them, the connection stops reading commands until they are written. A
 * write that makes no progress for the write timeout closes the connection (a client that never reads, or a
 * peer that vanished).
 */
final class TcpConnection {
    private static final Logger LOG = Logger.getLogger(TcpConnection.class.getName());
    static final int MAX_QUEUED_REPLIES = 64;
    private static final int MAX_GATHER = 64;
    private static final int READ_BUFFER = 8192;

    /** One queued line: a frame of a subscription (completing {@code written}) or a reply. */
    private record Out(ByteBuffer bytes, CompletableFuture<Void> written, boolean reply, boolean last) {
    }

    private final AsynchronousSocketChannel channel;
    private final long writeTimeoutMillis;
    private final String peer;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER);
    private final Queue<Out> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedReplies = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean readingPaused = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Writer writer = new Writer();
    private volatile boolean ending;
    private LineReader lines;
    private LineReader.Sink sink;
    private Runnable onLineTooLong;
    private Runnable onClose;

    TcpConnection(AsynchronousSocketChannel channel, Duration writeTimeout) {
        this.channel = channel;
        this.writeTimeoutMillis = writeTimeout.toMillis();
        String remote;
        try {
            remote = String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            remote = "?";
        }
        this.peer = remote;
    }

    /**
     * Starts reading.
     *
     * @param lines splits the stream into lines
     * @param sink handles each line
     * @param onLineTooLong called once when a line exceeds the limit (reading has stopped)
     * @param onClose called once when the connection has closed, whoever closed it
     */
    void start(LineReader lines, LineReader.Sink sink, Runnable onLineTooLong, Runnable onClose) {
        this.lines = lines;
        this.sink = sink;
        this.onLineTooLong = onLineTooLong;
        this.onClose = onClose;
        read();
    }

    /** Queues a message frame; the stage completes when the socket took it, or fails if the connection ends. */
    CompletableFuture<Void> write(byte[] frame) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        enqueue(new Out(ByteBuffer.wrap(frame), written, false, false));
        return written;
    }

    /** Queues a reply line. */
    void reply(byte[] line) {
        enqueue(new Out(ByteBuffer.wrap(line), null, true, false));
    }

    /** Queues a last line (an {@code ERR} or the {@code OK} to {@code QUIT}), then closes; later lines are dropped. */
    void endWith(byte[] line) {
        if (ending) {
            return;
        }
        ending = true;
        enqueue(new Out(ByteBuffer.wrap(line), null, true, true));
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Closes the socket at once; queued lines are dropped and their stages fail. Idempotent. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing TCP connection failed", e);
        }
        failQueued();
        if (onClose != null) {
            onClose.run();
        }
    }

    @Override
    public String toString() {
        return "TcpConnection[" + peer + "]";
    }

    private void failQueued() {
        IOException gone = new IOException("TCP connection closed");
        for (Out out; (out = queue.poll()) != null; ) {
            if (out.written != null) {
                out.written.completeExceptionally(gone);
            }
        }
    }

    private void enqueue(Out out) {
        if (closed.get() || (ending && !out.last)) {
            if (out.written != null) {
                out.written.completeExceptionally(new IOException("TCP connection is closing"));
            }
            return;
        }
        if (out.reply) {
            queuedReplies.incrementAndGet();
        }
        queue.add(out);
        if (closed.get()) {
            failQueued(); // raced with close: make sure the stage fails
            return;
        }
        pump();
    }

    /** Starts a write unless one is in flight; whoever finishes a write pumps again. */
    private void pump() {
        while (!queue.isEmpty() && writing.compareAndSet(false, true)) {
            if (!queue.isEmpty()) {
                writeBatch();
                return;
            }
            writing.set(false);
        }
    }

    private void writeBatch() {
        Out[] batch = new Out[Math.min(MAX_GATHER, Math.max(1, queue.size()))];
        int n = 0;
        for (Out out; n < batch.length && (out = queue.poll()) != null; ) {
            batch[n++] = out;
            if (out.last) {
                break;
            }
        }
        if (n == 0) {
            writing.set(false);
            pump();
            return;
        }
        ByteBuffer[] buffers = new ByteBuffer[n];
        for (int i = 0; i < n; i++) {
            buffers[i] = batch[i].bytes;
        }
        writer.write(new Batch(batch, buffers, n), 0);
    }

    private record Batch(Out[] outs, ByteBuffer[] buffers, int count) {
    }

    /** Writes a batch to the end, then completes its stages and pumps the next one. */
    private final class Writer implements CompletionHandler<Long, Batch> {

        void write(Batch batch, int from) {
            try {
                channel.write(batch.buffers, from, batch.count - from, writeTimeoutMillis, TimeUnit.MILLISECONDS, batch, this);
            } catch (RuntimeException e) { // closed or shut down meanwhile
                failed(e, batch);
            }
        }

        @Override
        public void completed(Long written, Batch batch) {
            for (int i = 0; i < batch.count; i++) {
                if (batch.buffers[i].hasRemaining()) {
                    write(batch, i);
                    return;
                }
            }
            boolean last = false;
            for (int i = 0; i < batch.count; i++) {
                Out out = batch.outs[i];
                if (out.reply) {
                    queuedReplies.decrementAndGet();
                }
                if (out.written != null) {
                    out.written.complete(null); // may queue this subscription's next frame
                }
                last |= out.last;
            }
            if (last) {
                close();
                return;
            }
            writing.set(false);
            resumeReading();
            pump();
        }

        @Override
        public void failed(Throwable failure, Batch batch) {
            if (failure instanceof InterruptedByTimeoutException) {
                LOG.fine(() -> TcpConnection.this + ": no write progress for " + writeTimeoutMillis + " ms; closing");
            } else {
                LOG.log(Level.FINE, TcpConnection.this + ": write failed", failure);
            }
            for (int i = 0; i < batch.count; i++) {
                if (batch.outs[i].written != null) {
                    batch.outs[i].written.completeExceptionally(failure);
                }
            }
            close();
        }
    }

    private void read() {
        if (closed.get() || ending) {
            return;
        }
        try {
            channel.read(readBuffer, null, reader);
        } catch (RuntimeException e) {
            close();
        }
    }

    private void resumeReading() {
        if (queuedReplies.get() < MAX_QUEUED_REPLIES && readingPaused.compareAndSet(true, false)) {
            read();
        }
    }

    private final CompletionHandler<Integer, Void> reader = new CompletionHandler<>() {
        @Override
        public void completed(Integer count, Void ignored) {
            if (count < 0) {
                close(); // the client closed its side
                return;
            }
            readBuffer.flip();
            LineReader.Result result;
            try {
                result = lines.feed(readBuffer, sink);
            } finally {
                readBuffer.clear();
            }
            if (result == LineReader.Result.TOO_LONG) {
                onLineTooLong.run();
                return;
            }
            if (result == LineReader.Result.STOPPED || closed.get() || ending) {
                return;
            }
            if (queuedReplies.get() >= MAX_QUEUED_REPLIES) {
                readingPaused.set(true); // the client does not read its replies: stop reading its commands
                resumeReading();
            } else {
                read();
            }
        }

        @Override
        public void failed(Throwable failure, Void ignored) {
            LOG.fine(() -> TcpConnection.this + ": read failed: " + failure);
            close();
        }
    };
}
