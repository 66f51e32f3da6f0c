package dev.tidings.core;

import dev.tidings.spi.CloseReason;
import dev.tidings.spi.Envelope;
import dev.tidings.spi.OutboundBuffer;
import dev.tidings.spi.Subscriber;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One subscriber attached to one channel: its bounded buffer and the writer that drains it.
 *
 * <p>The writer is a lock-free trampoline: whoever moves {@code wip} from 0 runs the drain loop, everybody
 * else just counts a missed signal that makes the running loop go round once more. At most one write is in
 * flight ({@link Subscriber}'s contract); the next one starts when the previous stage completes, on whatever
 * thread completed it. No thread ever waits for a client, and no lock is held while writing.
 */
public final class Subscription {
    private static final Logger LOG = Logger.getLogger(Subscription.class.getName());

    private final ChannelHub hub;
    private final Subscriber subscriber;
    private final OutboundBuffer buffer;
    private final Executor executor;
    private final Executor closer;
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final BiConsumer<Void, Throwable> onWritten = this::written;
    private volatile boolean inFlight;
    private volatile boolean heartbeatDue;
    /** Something was written since the last heartbeat tick, so no heartbeat is needed. */
    private volatile boolean active;

    Subscription(ChannelHub hub, Subscriber subscriber, OutboundBuffer buffer, Executor executor, Executor closer) {
        this.hub = hub;
        this.subscriber = subscriber;
        this.buffer = buffer;
        this.executor = executor;
        this.closer = closer;
    }

    Subscriber subscriber() {
        return subscriber;
    }

    /** The channel this subscription belongs to. */
    public String channel() {
        return hub.name();
    }

    /** Whether the subscription has ended (client gone, overflow, shutdown). */
    public boolean isClosed() {
        return closed.get();
    }

    /** Messages waiting in this subscriber's buffer. */
    public int pending() {
        return buffer.size();
    }

    /**
     * The client went away (the transport noticed): forget the subscriber without writing to it again.
     * Idempotent; safe from any thread.
     */
    public void cancel() {
        if (closed.compareAndSet(false, true)) {
            buffer.clear();
            hub.remove(this);
        }
    }

    /**
     * Buffers a message; called by the hub in publish order. Never blocks. An overflow under the
     * {@code disconnect} policy ends the subscription.
     *
     * @return whether the message was buffered
     */
    boolean offer(Envelope envelope) {
        return !closed.get() && accepted(buffer.offer(envelope));
    }

    /** Buffers a message of the backlog (replay), which does not count against the live capacity. */
    boolean offerBacklog(Envelope envelope) {
        return !closed.get() && accepted(buffer.offerBacklog(envelope));
    }

    /** An overflow under the {@code disconnect} policy ends the subscription. */
    private boolean accepted(OutboundBuffer.Offer result) {
        if (result == OutboundBuffer.Offer.OVERFLOW) {
            end(CloseReason.slowConsumer(buffer.capacity()));
            return false;
        }
        return true;
    }

    /** Takes the right to run the drain loop; true means the caller must call {@link #drainClaimed()}. */
    boolean claim() {
        return wip.getAndIncrement() == 0;
    }

    /** Makes sure buffered messages get written, on the executor. */
    void schedule() {
        if (claim()) {
            try {
                executor.execute(this::drainIsolated);
            } catch (RejectedExecutionException e) {
                end(CloseReason.shuttingDown());
            }
        }
    }

    /** Heartbeat tick: asks for a keep-alive unless something was written since the last tick. */
    void heartbeatTick() {
        if (active) {
            active = false;
            return;
        }
        heartbeatDue = true;
        schedule();
    }

    /**
     * Ends the subscription from the server side, telling the client why. The subscriber's {@code close}
     * runs on the closer executor, never on a publisher's or a writer's thread.
     */
    void end(CloseReason reason) {
        end(reason, closer);
    }

    /** Ends the subscription, running the subscriber's {@code close} on {@code where}. */
    void end(CloseReason reason, Executor where) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        buffer.clear();
        LOG.fine(() -> "ending " + this + ": " + reason);
        Runnable close = () -> {
            hub.remove(this);
            try {
                subscriber.close(reason);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "closing subscriber failed", e);
            }
        };
        try {
            where.execute(close);
        } catch (RejectedExecutionException e) {
            close.run();
        }
    }

    /**
     * The drain loop as an executor task: a subscriber that throws anything unexpected ends only its own
     * subscription (logged as a warning), never the executor thread or the other subscribers of its chunk.
     * The caller has claimed the loop.
     */
    void drainIsolated() {
        try {
            drainClaimed();
        } catch (RuntimeException | LinkageError | AssertionError e) {
            LOG.log(Level.WARNING, "subscriber of " + channel() + " failed; ending it", e);
            inFlight = false;
            end(CloseReason.sendFailed());
        }
    }

    /** The drain loop; the caller has claimed it (moved {@code wip} from 0). */
    void drainClaimed() {
        int missed = 1;
        for (;;) {
            while (!inFlight && !closed.get()) {
                CompletionStage<Void> stage;
                Envelope next = buffer.poll();
                try {
                    if (next != null) {
                        inFlight = true;
                        active = true;
                        stage = subscriber.send(next);
                    } else if (heartbeatDue) {
                        heartbeatDue = false;
                        inFlight = true;
                        stage = subscriber.heartbeat();
                    } else {
                        subscriber.flush();
                        break;
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "write to subscriber failed", e);
                    inFlight = false;
                    end(CloseReason.sendFailed());
                    break;
                }
                stage.whenComplete(onWritten);
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "Subscription[" + channel() + ", pending=" + buffer.size() + ", inFlight=" + inFlight + ", wip=" + wip.get()
                + ", " + subscriber + "]";
    }

    private void written(Void ignored, Throwable failure) {
        if (failure != null) {
            LOG.log(Level.FINE, "write to subscriber of " + channel() + " failed: " + failure);
            end(CloseReason.sendFailed());
        }
        inFlight = false;
        if (claim()) {
            drainClaimed();
        }
    }
}
