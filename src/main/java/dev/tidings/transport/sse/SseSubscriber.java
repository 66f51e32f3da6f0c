package dev.tidings.transport.sse;

import dev.tidings.core.Subscription;
import dev.tidings.spi.CloseReason;
import dev.tidings.spi.Envelope;
import dev.tidings.spi.Subscriber;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One SSE client, written with Servlet non-blocking I/O: a frame is written only when
 * {@link ServletOutputStream#isReady()} says so, otherwise it waits for {@link #onWritePossible()}; no
 * thread ever blocks on a slow client. Every use of the output stream happens inside {@link #pump()}, which
 * one thread at a time runs (a lock-free trampoline, like {@link Subscription}'s writer), so the container's
 * callbacks and Tidings' writer never touch the stream together and no lock is held across I/O.
 */
final class SseSubscriber implements Subscriber, WriteListener, AsyncListener {
    private static final Logger LOG = Logger.getLogger(SseSubscriber.class.getName());

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean finished = new AtomicBoolean();
    private byte[] preamble;
    private volatile byte[] pendingFrame;
    private volatile CompletableFuture<Void> pendingDone;
    /** False once isReady() said no, until the container calls onWritePossible(). */
    private volatile boolean writable;
    private volatile boolean flushWanted;
    private volatile boolean closeWanted;
    private volatile Subscription subscription;

    SseSubscriber(AsyncContext async, ServletOutputStream out, byte[] preamble) {
        this.async = async;
        this.out = out;
        this.preamble = preamble;
    }

    /** Links the registry's subscription, so a client that leaves is forgotten. */
    void attach(Subscription subscription) {
        this.subscription = subscription;
        if (finished.get()) {
            subscription.cancel();
        }
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
    public void flush() {
        flushWanted = true;
        pump();
    }

    @Override
    public void close(CloseReason reason) {
        LOG.fine(() -> "ending SSE stream: " + reason);
        closeWanted = true;
        pump();
    }

    @Override
    public void onWritePossible() {
        writable = true;
        pump();
    }

    @Override
    public void onError(Throwable t) {
        gone(t);
    }

    @Override
    public void onComplete(AsyncEvent event) {
        gone(null);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        gone(null);
    }

    @Override
    public void onError(AsyncEvent event) {
        gone(event.getThrowable());
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not re-dispatched
    }

    @Override
    public String toString() {
        return "SseSubscriber[writable=" + writable + ", frameWaiting=" + (pendingFrame != null) + ", wip=" + wip.get()
                + ", finished=" + finished.get() + "]";
    }

    private CompletionStage<Void> write(byte[] frame) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (finished.get()) {
            done.completeExceptionally(new IOException("stream closed"));
            return done;
        }
        pendingDone = done;
        pendingFrame = frame;
        pump();
        return done;
    }

    private void pump() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            try {
                step();
            } catch (IOException | RuntimeException e) {
                gone(e);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    /** One round of output work; only ever called inside {@link #pump()}. */
    private void step() throws IOException {
        if (finished.get()) {
            failPending();
            return;
        }
        if (closeWanted) {
            finish();
            return;
        }
        if (!writable) {
            return;
        }
        if (preamble != null) {
            if (!ready()) {
                return;
            }
            out.write(preamble);
            preamble = null;
            flushWanted = true;
        }
        byte[] frame = pendingFrame;
        if (frame != null) {
            if (!ready()) {
                return;
            }
            CompletableFuture<Void> done = pendingDone;
            out.write(frame);
            pendingFrame = null;
            done.complete(null);
            return;
        }
        if (flushWanted && ready()) {
            flushWanted = false;
            out.flush();
        }
    }

    private boolean ready() {
        if (out.isReady()) {
            return true;
        }
        writable = false;
        return false;
    }

    private void finish() {
        if (finished.compareAndSet(false, true)) {
            forget();
            failPending();
            try {
                async.complete();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "completing SSE stream failed", e);
            }
        }
    }

    private void gone(Throwable cause) {
        if (finished.compareAndSet(false, true)) {
            LOG.fine(() -> "SSE client gone: " + cause);
            forget();
            failPending();
            try {
                async.complete();
            } catch (RuntimeException e) {
                // already completed by the container
            }
        }
    }

    private void forget() {
        Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    private void failPending() {
        CompletableFuture<Void> done = pendingDone;
        pendingFrame = null;
        if (done != null && !done.isDone()) {
            done.completeExceptionally(new IOException("SSE stream closed"));
        }
    }
}
