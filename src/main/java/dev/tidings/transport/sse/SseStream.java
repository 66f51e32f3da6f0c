package dev.tidings.transport.sse;

import dev.tidings.core.Subscription;
import dev.tidings.spi.Envelope;
import dev.tidings.spi.Subscriber;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every SSE subscriber shares: the frames it writes, the async request it streams into, the link to its
 * subscription, and ending exactly once, whoever notices first (the client left, a write failed, the server closed it).
 */
abstract class SseStream implements Subscriber, AsyncListener {
    private static final Logger LOG = Logger.getLogger(SseStream.class.getName());

    private final AsyncContext async;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile Subscription subscription;

    SseStream(AsyncContext async) {
        this.async = async;
    }

    @Override
    public final CompletionStage<Void> send(Envelope envelope) {
        return write(envelope.encoded(SseFrames.ENCODER));
    }

    @Override
    public final CompletionStage<Void> heartbeat() {
        return write(SseFrames.HEARTBEAT);
    }

    /** An SSE stream is a request in progress: OpenLiberty's stop waits for it (up to its quiesce timeout). */
    @Override
    public final boolean holdsServerStop() {
        return true;
    }

    /** Starts writing one frame; the stage completes when it is written. */
    abstract CompletionStage<Void> write(byte[] frame);

    /** Links the registry's subscription, so a client that leaves is forgotten. */
    final void attach(Subscription subscription) {
        this.subscription = subscription;
        if (finished.get()) {
            subscription.cancel();
        }
    }

    final boolean isFinished() {
        return finished.get();
    }

    /**
     * Ends the stream once: forgets the subscription and completes the async request.
     *
     * @return whether this call ended it
     */
    boolean finish(Throwable cause) {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        LOG.fine(() -> "SSE stream ended" + (cause == null ? "" : ": " + cause));
        Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        try {
            async.complete();
        } catch (RuntimeException e) {
            LOG.log(Level.FINEST, "SSE stream already complete", e);
        }
        return true;
    }

    @Override
    public final void onComplete(AsyncEvent event) {
        finish(null);
    }

    @Override
    public final void onTimeout(AsyncEvent event) {
        finish(null);
    }

    @Override
    public final void onError(AsyncEvent event) {
        finish(event.getThrowable());
    }

    @Override
    public final void onStartAsync(AsyncEvent event) {
        // never re-dispatched
    }
}
