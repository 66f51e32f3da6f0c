package dev.tidings.store;

import dev.tidings.spi.Envelope;
import dev.tidings.spi.OutboundBuffer;
import dev.tidings.spi.Overflow;
import java.util.ArrayDeque;

/**
 * A FIFO of at most {@code capacity} live messages. When full, {@link Overflow#DISCONNECT} reports
 * {@link Offer#OVERFLOW} (and keeps what it has), {@link Overflow#DROP_OLDEST} evicts the oldest message.
 * A ring array: no allocation per message. The ring starts small and doubles up to the capacity as messages
 * pile up, so an idle or keeping-up subscriber costs a few dozen bytes, not {@code capacity} slots (10,000 idle
 * connections with the default 1,024 would otherwise hold 40 MB of empty slots). A backlog (replay) is held apart, ahead of the live messages,
 * and does not count against the capacity: it is bounded by what the store retains.
 */
public final class BoundedBuffer implements OutboundBuffer {
    /** The first ring; it grows by doubling when full, up to the capacity. */
    static final int INITIAL = 8;

    private Envelope[] ring;
    private final int capacity;
    private final Overflow overflow;
    private int head;
    private int size;
    private ArrayDeque<Envelope> backlog;

    public BoundedBuffer(int capacity, Overflow overflow) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.ring = new Envelope[Math.min(capacity, INITIAL)];
        this.overflow = overflow;
    }

    @Override
    public synchronized Offer offer(Envelope envelope) {
        if (size == ring.length && ring.length < capacity) {
            grow();
        }
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

    /** Doubles the ring (at most to the capacity), oldest message first. */
    private void grow() {
        Envelope[] bigger = new Envelope[(int) Math.min(capacity, 2L * ring.length)];
        int first = Math.min(size, ring.length - head);
        System.arraycopy(ring, head, bigger, 0, first);
        System.arraycopy(ring, 0, bigger, first, size - first);
        ring = bigger;
        head = 0;
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
        return capacity;
    }

    @Override
    public synchronized void clear() {
        ring = new Envelope[Math.min(capacity, INITIAL)];
        head = 0;
        size = 0;
        backlog = null;
    }
}
