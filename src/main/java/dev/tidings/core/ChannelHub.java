package dev.tidings.core;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.Message;
import dev.tidings.api.TidingsException;
import dev.tidings.spi.BrokerChannel;
import dev.tidings.spi.BrokerSink;
import dev.tidings.spi.ChannelSettings;
import dev.tidings.spi.ChannelStore;
import dev.tidings.spi.CloseReason;
import dev.tidings.spi.Envelope;
import dev.tidings.spi.MessageId;
import dev.tidings.spi.SubscribeRequest;
import dev.tidings.spi.Subscriber;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * One channel on this instance: assigns ids, feeds the store, and fans each message out to every
 * subscriber's buffer.
 *
 * <p>Publishing takes the channel lock only to assign the id, append to the store and offer the message to
 * each buffer (memory operations, no I/O); writing happens afterwards on the executor, in chunks of
 * subscribers. So publish order is the order every subscriber sees, a subscribe never races a publish
 * (the store's backlog and the live messages meet exactly), and a slow subscriber never delays the
 * publisher or anyone else.
 */
public final class ChannelHub implements BrokerSink {
    private static final Subscription[] NONE = new Subscription[0];
    /** Subscribers drained per executor task; fewer tasks for big fan-outs, still spread over the cores. */
    private static final int MIN_CHUNK = 32;

    private final ChannelSettings settings;
    private final ChannelStore store;
    private final Executor executor;
    private final Executor closer;
    /** The current epoch: drawn here for a local channel, the broker's for a shared one (it may start over). */
    private volatile String epoch;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a broker delivers, for subscribers waiting to resume from an id issued elsewhere. */
    private final Condition delivered = lock.newCondition();
    private volatile long offset;
    /** The broker that sequences this channel across instances; null for a local channel. */
    private volatile BrokerChannel broker;
    /** False for a shared channel until it has first caught up with its broker. */
    private volatile boolean ready = true;
    private volatile Subscription[] subscriptions = NONE;

    public ChannelHub(ChannelSettings settings, ChannelStore store, Executor executor) {
        this(settings, store, executor, executor);
    }

    /**
     * @param executor runs the writers; tasks never block
     * @param closer runs {@link dev.tidings.spi.Subscriber#close}, which a container may implement with a
     *               blocking write (a WebSocket close frame to a client that stopped reading), so it is kept
     *               off the writers
     */
    public ChannelHub(ChannelSettings settings, ChannelStore store, Executor executor, Executor closer) {
        this.settings = settings;
        this.store = store;
        this.executor = executor;
        this.closer = closer;
        this.epoch = Long.toString(System.currentTimeMillis(), 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36);
    }

    public String name() {
        return settings.name();
    }

    public ChannelSettings settings() {
        return settings;
    }

    /** Subscribers connected to this channel on this instance. */
    public int subscriberCount() {
        return subscriptions.length;
    }

    /**
     * Shares this channel through a broker: from now on publishing goes through it, and it delivers every
     * message (this instance's too) with {@link #deliver}.
     */
    void shareThrough(BrokerChannel broker) {
        this.broker = broker;
        this.ready = false;
    }

    @Override
    public void caughtUp() {
        ready = true;
    }

    /** Whether this channel serves subscribers: always for a local one, after its first catch-up for a shared one. */
    boolean caughtUpOnce() {
        return ready;
    }

    /** The broker sharing this channel, if any. */
    Optional<BrokerChannel> broker() {
        return Optional.ofNullable(broker);
    }

    /**
     * Publishes a message; returns its id. Never blocks on subscribers. A shared channel publishes through its
     * broker (waiting for it at most its timeout) and delivers when the broker hands the message back.
     *
     * @throws TidingsException ({@link ErrorCode#BROKER_UNAVAILABLE}) when a shared channel's broker is down
     */
    public String publish(Optional<String> event, String data) {
        BrokerChannel shared = broker;
        if (shared != null) {
            return shared.publish(event, data);
        }
        Subscription[] targets;
        String id;
        lock.lock();
        try {
            MessageId position = new MessageId(epoch, ++offset);
            id = position.toString();
            targets = append(new Envelope(new Message(settings.name(), id, event, data), Optional.of(position)));
        } finally {
            lock.unlock();
        }
        dispatch(targets);
        return id;
    }

    @Override
    public void deliver(Message message, MessageId position) {
        Subscription[] targets;
        lock.lock();
        try {
            if (position.epoch().equals(epoch)) {
                if (position.offset() <= offset) {
                    return; // already delivered (a catch-up overlapping live messages)
                }
            } else {
                store.clear(); // the broker started over: what was retained belongs to the old epoch
                epoch = position.epoch();
            }
            offset = position.offset();
            targets = append(new Envelope(message, Optional.of(position)));
            delivered.signalAll();
        } finally {
            lock.unlock();
        }
        dispatch(targets);
    }

    /** Under the lock: stores the message and offers it to every buffer; returns the subscriptions to drain. */
    private Subscription[] append(Envelope envelope) {
        store.append(envelope);
        Subscription[] targets = subscriptions;
        for (Subscription s : targets) {
            s.offer(envelope);
        }
        return targets;
    }

    @Override
    public MessageId position() {
        lock.lock();
        try {
            return new MessageId(epoch, offset);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Attaches a subscriber: it receives the store's backlog, then every message published after.
     *
     * @throws dev.tidings.api.TidingsException if the store rejects the requested position
     */
    public Subscription subscribe(SubscribeRequest request, Subscriber subscriber) {
        Subscription subscription = new Subscription(this, subscriber, store.newBuffer(), executor, closer);
        lock.lock();
        try {
            checkResume(request);
            List<Envelope> backlog = store.backlog(request.at(new MessageId(epoch, offset)));
            for (Envelope e : backlog) {
                if (!subscription.offerBacklog(e)) {
                    break;
                }
            }
            if (!subscription.isClosed()) {
                Subscription[] grown = Arrays.copyOf(subscriptions, subscriptions.length + 1);
                grown[grown.length - 1] = subscription;
                subscriptions = grown;
            }
        } finally {
            lock.unlock();
        }
        subscription.schedule();
        return subscription;
    }

    /**
     * A shared channel: a client may resume with an id another instance handed out a moment before this one
     * received the message. Waits (at most {@code timeout}) until this instance has delivered up to it, so the
     * id is not mistaken for one ahead of the channel. Returns at once for a local channel or a known position.
     */
    public void awaitResumePoint(SubscribeRequest request, Duration timeout) {
        Optional<MessageId> from = request.resumeFrom();
        if (broker == null || from.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (from.get().epoch().equals(epoch) && from.get().offset() > offset) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return; // still ahead: checkResume reports it
                }
                delivered.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Rejects a resume position this channel never issued: same epoch but beyond the last message. (An id
     * from another epoch is the store's to report as a gap.)
     *
     * @throws TidingsException ({@link ErrorCode#BAD_REQUEST})
     */
    public void checkResume(SubscribeRequest request) {
        if (!ready) {
            throw new TidingsException(ErrorCode.BROKER_UNAVAILABLE, "channel " + settings.name()
                    + " has not caught up with its broker since the server started; retry in a moment");
        }
        Optional<MessageId> from = request.resumeFrom();
        if (from.isPresent() && from.get().epoch().equals(epoch) && from.get().offset() > offset) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "Last-Event-ID " + from.get() + " is ahead of channel "
                    + settings.name() + " (last id " + epoch + "-" + offset + "); send an id received from it");
        }
    }

    void remove(Subscription subscription) {
        lock.lock();
        try {
            Subscription[] current = subscriptions;
            for (int i = 0; i < current.length; i++) {
                if (current[i] == subscription) {
                    Subscription[] shrunk = new Subscription[current.length - 1];
                    System.arraycopy(current, 0, shrunk, 0, i);
                    System.arraycopy(current, i + 1, shrunk, i, current.length - i - 1);
                    subscriptions = shrunk;
                    return;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Asks every idle subscriber for a keep-alive. */
    void heartbeat() {
        for (Subscription s : subscriptions) {
            s.heartbeatTick();
        }
    }

    /**
     * Ends every subscription of this channel on this instance, as a shutdown does: clients reconnect (to
     * whichever instance) and resume. The channel goes on.
     *
     * @return how many subscriptions were ended
     */
    int disconnectAll() {
        int count = subscriberCount();
        end(s -> true, false);
        return count;
    }

    /**
     * Ends every subscription (server shutting down) and releases the store.
     *
     * @param inline close subscribers on the calling thread (the JVM is exiting and executors may be gone)
     */
    void shutdown(boolean inline) {
        end(s -> true, inline);
        store.close();
    }

    /**
     * Ends the subscriptions whose subscriber matches (server shutting down), keeping the store.
     *
     * @param inline close subscribers on the calling thread
     */
    void end(Predicate<Subscriber> which, boolean inline) {
        for (Subscription s : subscriptions) {
            if (!which.test(s.subscriber())) {
                continue;
            }
            if (inline) {
                s.end(CloseReason.shuttingDown(), Runnable::run);
            } else {
                s.end(CloseReason.shuttingDown());
            }
        }
    }

    private void dispatch(Subscription[] targets) {
        int n = targets.length;
        if (n == 0) {
            return;
        }
        Subscription[] claimed = new Subscription[n];
        int count = 0;
        for (Subscription s : targets) {
            if (s.claim()) {
                claimed[count++] = s;
            }
        }
        int chunk = Math.max(MIN_CHUNK, count / 8);
        for (int from = 0; from < count; from += chunk) {
            int start = from;
            int end = Math.min(count, from + chunk);
            Runnable drain = () -> {
                for (int i = start; i < end; i++) {
                    claimed[i].drainIsolated();
                }
            };
            try {
                executor.execute(drain);
            } catch (RejectedExecutionException e) {
                for (int i = start; i < end; i++) {
                    claimed[i].end(CloseReason.shuttingDown());
                }
            }
        }
    }
}
