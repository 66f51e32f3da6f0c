package dev.tidings.store;

import dev.tidings.spi.Envelope;
import dev.tidings.spi.OutboundBuffer;
import dev.tidings.spi.Overflow;
import java.util.ArrayDeque;

/**
 * A FIFO of at most {@code capacity} live messages. When full, {@link Overflow#DISCONNECT} reports
 * {@link Offer#OVERFLOW} (and keeps what it has), {@link Overflow#DROP_OLDEST} evicts the oldest message.
 * A ring array: no allocation per message. A backlog (replay) is held apart, ahead of the live messages,
 * and does not count against the capacity: it is bounded by what the store retains.
 */
public final class BoundedBuffer implements OutboundBuffer {
    private final Envelope[] ring;
    private final Overflow overflow;
    private int head;
    private int size;
    private ArrayDeque<Envelope> backlog;

    public BoundedBuffer(int capacity, Overflow overflow) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.ring = new Envelope[capacity];
        this.overflow = overflow;
    }

    @Override
    public synchronized Offer offer(Envelope envelope) {
        if (size == ring.length) {
            if (overflow == Overflow.DISCONNECT) {
                return Offer.OVERFLOW;
            }
            ring[head] = null;
            head = (head + 1) % ring.length;
            size--;
        }
        ring[(head + size) % ring.length] = envelope;
        size++;
        return Offer.ACCEPTED;
    }

    @Override
    public synchronized Offer offerBacklog(Envelope envelope) {
        if (backlog == null) {
            backlog = new ArrayDeque<>();
        }
        backlog.addLast(envelope);
        return Offer.ACCEPTED;
    }

    @Override
    public synchronized Envelope poll() {
        if (backlog != null) {
            Envelope replayed = backlog.pollFirst();
            if (backlog.isEmpty()) {
                backlog = null;
            }
            if (replayed != null) {
                return replayed;
            }
        }
        if (size == 0) {
            return null;
        }
        Envelope next = ring[head];
        ring[head] = null;
        head = (head + 1) % ring.length;
        size--;
        return next;
    }

    @Override
    public synchronized int size() {
        return size + (backlog == null ? 0 : backlog.size());
    }

    @Override
    public int capacity() {
        return ring.length;
    }

    @Override
    public synchronized void clear() {
        java.util.Arrays.fill(ring, null);
        head = 0;
        size = 0;
        backlog = null;
    }
}
