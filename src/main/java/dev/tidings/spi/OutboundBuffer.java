package dev.tidings.spi;

/**
 * One subscriber's bounded outgoing buffer, created by its channel's {@link ChannelStore}. The store decides
 * its shape: a conflating slot ({@code latest}), a bounded queue ({@code queue}).
 *
 * <p>Thread safety: {@link #offer} is called by publishers (one at a time, in publish order) while
 * {@link #poll} is called by the subscriber's writer, concurrently; implementations must be thread safe and
 * must never block. Memory is bounded by the implementation's capacity.
 */
public interface OutboundBuffer {

    /** The outcome of an offer. */
    enum Offer {
        /** Buffered (possibly replacing or evicting an older message, as the buffer's policy says). */
        ACCEPTED,
        /** The buffer is full and its policy is to disconnect: the subscription is ended. */
        OVERFLOW
    }

    Offer offer(Envelope envelope);

    /**
     * Buffers a message of the subscriber's backlog (a replay), ahead of live messages. The backlog is
     * bounded by what the store retains, so it does not count against the live capacity: a resuming client
     * must be able to catch up without being disconnected for it. Default: {@link #offer}.
     */
    default Offer offerBacklog(Envelope envelope) {
        return offer(envelope);
    }

    /** The next message to write, or {@code null} when the buffer is empty. */
    Envelope poll();

    /** Messages waiting. */
    int size();

    /** Capacity in messages. */
    int capacity();

    /** Drops everything (the subscription ended). */
    void clear();
}
