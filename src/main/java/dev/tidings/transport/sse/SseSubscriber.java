package dev.tidings.transport.sse;

import dev.tidings.core.Subscription;
import dev.tidings.spi.CloseReason;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * One SSE client, written with Servlet non-blocking I/O: a frame is written only when
 * {@link ServletOutputStream#isReady()} says so, otherwise it waits for {@link #onWritePossible()}; no
 * thread ever blocks on a slow client. Every use of the output stream happens inside {@link #pump()}, which
 * one thread at a time runs (a lock-free trampoline, like {@link Subscription}'s writer), so the container's
 * callbacks and Tidings' writer never touch the stream together and no lock is held across I/O.
 */
final class SseSubscriber extends SseStream implements WriteListener {
    private static final Logger LOG = Logger.getLogger(SseSubscriber.class.getName());

    private final ServletOutputStream out;
    private final AtomicInteger wip = new AtomicInteger();
    private byte[] preamble;
    private volatile byte[] pendingFrame;
    private volatile CompletableFuture<Void> pendingDone;
    /** False once isReady() said no, until the container calls onWritePossible(). */
    private volatile boolean writable;
    private volatile boolean flushWanted;
    private volatile boolean closeWanted;

    SseSubscriber(AsyncContext async, ServletOutputStream out, byte[] preamble) {
        super(async);
        this.out = out;
        this.preamble = preamble;
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
        finish(t);
    }

    /** Also fails the write waiting for the stream, so the subscription's writer moves on. */
    @Override
    boolean finish(Throwable cause) {
        boolean ended = super.finish(cause);
        failPending();
        return ended;
    }

    @Override
    public String toString() {
        return "SseSubscriber[writable=" + writable + ", frameWaiting=" + (pendingFrame != null) + ", wip=" + wip.get()
                + ", finished=" + isFinished() + "]";
    }

    @Override
    CompletionStage<Void> write(byte[] frame) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (isFinished()) {
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
                finish(e);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    /** One round of output work; only ever called inside {@link #pump()}. */
    private void step() throws IOException {
        if (isFinished()) {
            failPending();
            return;
        }
        if (closeWanted) {
            finish(null);
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

    private void failPending() {
        CompletableFuture<Void> done = pendingDone;
        pendingFrame = null;
        if (done != null && !done.isDone()) {
            done.completeExceptionally(new IOException("SSE stream closed"));
        }
    }
}
