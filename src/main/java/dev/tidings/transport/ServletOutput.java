package dev.tidings.transport;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One client's output over Servlet non-blocking I/O, shared by the SSE stream and the channel WebSocket: bytes
 * are written only when {@link ServletOutputStream#isReady()} says so, otherwise they wait for
 * {@link #onWritePossible()}; no thread ever blocks on a slow client. Every use of the stream happens inside
 * {@link #pump()}, which one thread at a time runs (a lock-free trampoline, like the subscription's writer), so
 * the container's callbacks and Tidings' writer never touch the stream together and no lock is held across I/O.
 *
 * <p>Three kinds of output: the frame of the subscription's current message ({@link #write}, one at a time, as
 * {@link dev.tidings.spi.Subscriber} promises), small urgent bytes that go before it (a stream preamble, a pong:
 * {@link #writeUrgent}), and the last bytes before the connection ends ({@link #finish}).
 */
public final class ServletOutput implements WriteListener {
    private final ServletOutputStream out;
    private final Consumer<Throwable> onFailure;
    private final AtomicInteger wip = new AtomicInteger();
    private final ConcurrentLinkedQueue<byte[]> urgent = new ConcurrentLinkedQueue<>();
    private volatile byte[] pendingFrame;
    private volatile CompletableFuture<Void> pendingDone;
    /** False until the container first calls onWritePossible(), and again whenever isReady() said no. */
    private volatile boolean writable;
    private volatile boolean flushWanted;
    private volatile boolean finishWanted;
    private volatile byte[] lastBytes;
    private volatile Runnable afterFinish;
    /** Nothing more is written: the stream failed, or was finished or killed. */
    private volatile boolean dead;

    /**
     * @param out the stream; register this object as its write listener
     * @param onFailure told once when a write fails or the container reports an error
     */
    public ServletOutput(ServletOutputStream out, Consumer<Throwable> onFailure) {
        this.out = out;
        this.onFailure = onFailure;
    }

    /** Starts writing one frame; the stage completes when the container has taken it. One at a time. */
    public CompletionStage<Void> write(byte[] frame) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (dead) {
            done.completeExceptionally(new IOException("connection closed"));
            return done;
        }
        pendingDone = done;
        pendingFrame = frame;
        pump();
        return done;
    }

    /** Queues bytes to go out before the next frame (they are flushed after). */
    public void writeUrgent(byte[] bytes) {
        urgent.add(bytes);
        flushWanted = true;
        pump();
    }

    /** Pushes what was written to the client as soon as the stream allows. */
    public void flush() {
        flushWanted = true;
        pump();
    }

    /**
     * Ends the output: a frame still waiting fails, {@code last} (may be null) is written if the client can take
     * it now (a client that stopped reading does not get it), then {@code then} runs, once.
     */
    public void finish(byte[] last, Runnable then) {
        lastBytes = last;
        afterFinish = then;
        finishWanted = true;
        pump();
    }

    /** The connection is gone: fail the waiting frame, write nothing more. */
    public void kill() {
        dead = true;
        pump();
    }

    @Override
    public void onWritePossible() {
        writable = true;
        pump();
    }

    @Override
    public void onError(Throwable t) {
        fail(t);
    }

    @Override
    public String toString() {
        return "ServletOutput[writable=" + writable + ", frameWaiting=" + (pendingFrame != null) + ", wip=" + wip.get()
                + ", dead=" + dead + "]";
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
                fail(e);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    /** One round of output work; only ever called inside {@link #pump()}. */
    private void step() throws IOException {
        if (finishWanted) {
            finishWanted = false;
            boolean wasDead = dead;
            dead = true;
            failPending();
            byte[] last = lastBytes;
            try {
                if (!wasDead && last != null && writable && out.isReady()) {
                    out.write(last);
                    if (out.isReady()) {
                        out.flush();
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the client is gone: it does not get the last bytes
            }
            Runnable then = afterFinish;
            afterFinish = null;
            if (then != null) {
                then.run();
            }
            return;
        }
        if (dead) {
            failPending();
            urgent.clear();
            return;
        }
        if (!writable) {
            return;
        }
        for (byte[] bytes = urgent.peek(); bytes != null; bytes = urgent.peek()) {
            if (!ready()) {
                return;
            }
            out.write(bytes);
            urgent.poll();
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

    private void fail(Throwable t) {
        boolean first = !dead;
        dead = true;
        failPending();
        if (first) {
            onFailure.accept(t);
        }
    }

    private void failPending() {
        CompletableFuture<Void> done = pendingDone;
        pendingFrame = null;
        if (done != null && !done.isDone()) {
            done.completeExceptionally(new IOException("connection closed"));
        }
    }
}
