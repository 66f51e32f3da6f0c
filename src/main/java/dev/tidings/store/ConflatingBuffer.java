package dev.tidings.store;

import dev.tidings.spi.Envelope;
import dev.tidings.spi.OutboundBuffer;

/**
 * A one-slot buffer that keeps only the newest message: a slow subscriber skips intermediate values but
 * always ends on the newest. Never overflows.
 */
public final class ConflatingBuffer implements OutboundBuffer {
    private Envelope pending;

    @Override
    public synchronized Offer offer(Envelope envelope) {
        pending = envelope;
        return Offer.ACCEPTED;
    }

    @Override
    public synchronized Envelope poll() {
        Envelope next = pending;
        pending = null;
        return next;
    }

    @Override
    public synchronized int size() {
        return pending == null ? 0 : 1;
    }

    @Override
    public int capacity() {
        return 1;
    }

    @Override
    public synchronized void clear() {
        pending = null;
    }
}
