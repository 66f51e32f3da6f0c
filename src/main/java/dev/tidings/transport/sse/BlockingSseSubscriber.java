package dev.tidings.transport.sse;

import dev.tidings.core.Subscription;
import dev.tidings.spi.CloseReason;
import dev.tidings.spi.Envelope;
import dev.tidings.spi.Subscriber;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One SSE client on a container whose servlet writes block (OpenLiberty, see {@link SseFilter}): each write
 * runs on the SSE transport's own bounded pool of managed threads, never on the shared writers, so a client
 * that stops reading holds one of those threads until the write times out or the subscription overflows,
 * and nobody else waits for it. {@link Subscription} guarantees one write at a time, so the stream is never
 * used by two threads together.
 */
final class BlockingSseSubscriber implements Subscriber, AsyncListener {
    private static final Logger LOG = Logger.getLogger(BlockingSseSubscriber.class.getName());

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final Executor io;
    private final AtomicBoolean finished = new AtomicBoolean();
    private byte[] preamble;
    private volatile Subscription subscription;

    BlockingSseSubscriber(AsyncContext async, ServletOutputStream out, byte[] preamble, Executor io) {
        this.async = async;
        this.out = out;
        this.preamble = preamble;
        this.io = io;
    }

    void attach(Subscription subscription) {
        this.subscription = subscription;
        if (finished.get()) {
            subscription.cancel();
        }
    }

    /** Writes the stream's first frame, so the client sees the response at once. */
    void start() {
        write(null);
    }

    @Override
    public CompletionStage<Void> send(Envelope envelope) {
        return write(envelope.encoded(SseFrames.ENCODER));
    }

    @Override
    public CompletionStage<Void> heartbeat() {
        return write(SseFrames.HEARTBEAT);
    }

    @Override
    public void close(CloseReason reason) {
        LOG.fine(() -> "ending SSE stream: " + reason);
        try {
            io.execute(() -> end(null));
        } catch (RejectedExecutionException e) {
            end(e);
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        end(null);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        end(null);
    }

    @Override
    public void onError(AsyncEvent event) {
        end(event.getThrowable());
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not re-dispatched
    }

    private CompletionStage<Void> write(byte[] frame) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (finished.get()) {
            done.completeExceptionally(new IOException("SSE stream closed"));
            return done;
        }
        try {
            io.execute(() -> {
                try {
                    synchronized (this) {
                        if (preamble != null) {
                            out.write(preamble);
                            preamble = null;
                        }
                        if (frame != null) {
                            out.write(frame);
                        }
                        out.flush();
                    }
                    done.complete(null);
                } catch (IOException | RuntimeException e) {
                    end(e);
                    done.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            // Every SSE I/O thread is held by a stalled client: fail this one rather than queue without bound.
            end(e);
            done.completeExceptionally(e);
        }
        return done;
    }

    private void end(Throwable cause) {
        if (finished.compareAndSet(false, true)) {
            LOG.fine(() -> "SSE stream ended: " + cause);
            Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            try {
                async.complete();
            } catch (RuntimeException e) {
                LOG.log(Level.FINEST, "SSE stream already complete", e);
            }
        }
    }
}
