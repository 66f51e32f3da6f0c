package dev.tidings.store;

import dev.tidings.spi.Envelope;
import dev.tidings.spi.OutboundBuffer;
import dev.tidings.spi.Overflow;

/**
 * A FIFO of at most {@code capacity} messages. When full, {@link Overflow#DISCONNECT} reports
 * {@link Offer#OVERFLOW} (and keeps what it has), {@link Overflow#DROP_OLDEST} evicts the oldest message.
 * A ring array: no allocation per message.
 */
public final class BoundedBuffer implements OutboundBuffer {
    private final Envelope[] ring;
    private final Overflow overflow;
    private int head;
    private int size;

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
    public synchronized Envelope poll() {
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
        return size;
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
    }
}
