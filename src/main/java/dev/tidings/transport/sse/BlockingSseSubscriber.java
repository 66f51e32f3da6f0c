package dev.tidings.transport.sse;

import dev.tidings.spi.CloseReason;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Logger;

/**
 * One SSE client on a container whose servlet writes block (OpenLiberty, see {@link SseFilter}): each write
 * runs on the SSE transport's own bounded pool of managed threads, never on the shared writers, so a client
 * that stops reading holds one of those threads until the write times out or the subscription overflows,
 * and nobody else waits for it. {@code Subscription} guarantees one write at a time, so the stream is never
 * used by two threads together.
 */
final class BlockingSseSubscriber extends SseStream {
    private static final Logger LOG = Logger.getLogger(BlockingSseSubscriber.class.getName());

    private final ServletOutputStream out;
    private final Executor io;
    private byte[] preamble;

    BlockingSseSubscriber(AsyncContext async, ServletOutputStream out, byte[] preamble, Executor io) {
        super(async);
        this.out = out;
        this.preamble = preamble;
        this.io = io;
    }

    /**
     * Writes the stream's first frame on the request thread, so the client gets the response headers at once.
     * (Liberty ignores a flush from another thread while the request thread is still in the filter chain, which
     * held the headers back until the first heartbeat.) A few bytes on a fresh connection: this never blocks.
     */
    void start() throws IOException {
        synchronized (this) {
            out.write(preamble);
            preamble = null;
            out.flush();
        }
    }

    @Override
    public void close(CloseReason reason) {
        LOG.fine(() -> "ending SSE stream: " + reason);
        try {
            io.execute(() -> finish(null));
        } catch (RejectedExecutionException e) {
            finish(e);
        }
    }

    @Override
    CompletionStage<Void> write(byte[] frame) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (isFinished()) {
            done.completeExceptionally(new IOException("SSE stream closed"));
            return done;
        }
        try {
            io.execute(() -> {
                try {
                    synchronized (this) {
                        out.write(frame);
                        out.flush();
                    }
                    done.complete(null);
                } catch (IOException | RuntimeException e) {
                    finish(e);
                    done.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            // Every SSE I/O thread is held by a stalled client: fail this one rather than queue without bound.
            finish(e);
            done.completeExceptionally(e);
        }
        return done;
    }
}
