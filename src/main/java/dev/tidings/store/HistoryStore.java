package dev.tidings.store;

import dev.tidings.spi.ChannelSettings;
import dev.tidings.spi.ChannelStore;
import dev.tidings.spi.Envelope;
import dev.tidings.spi.MessageId;
import dev.tidings.spi.OutboundBuffer;
import dev.tidings.spi.Store;
import dev.tidings.spi.SubscribeRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * {@code store=history}: retains the channel's last {@code history-size} messages (and, with
 * {@code history-ttl}, only those younger than it). A subscriber resuming from an id gets exactly the
 * messages after it, then live ones; a position that cannot be served (expired, or from another epoch) is
 * reported with a {@link Gaps gap notice} and the stream continues from the oldest retained message. A
 * first subscribe may ask for the last N messages. Memory: {@code history-size} messages per channel, plus
 * each subscriber's bounded buffer of live messages.
 */
@ApplicationScoped
public class HistoryStore implements Store {
    public static final String NAME = "history";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ChannelStore open(ChannelSettings settings) {
        return new Channel(settings, System::nanoTime);
    }

    /** One channel's retained window: a ring of envelopes with their offsets and arrival times. */
    static final class Channel implements ChannelStore {
        private final ChannelSettings settings;
        private final LongSupplier nanoTime;
        private final long ttlNanos;
        private final Envelope[] ring;
        private final long[] offsets;
        private final long[] arrivals;
        private int start;
        private int size;

        Channel(ChannelSettings settings, LongSupplier nanoTime) {
            this.settings = settings;
            this.nanoTime = nanoTime;
            this.ttlNanos = settings.historyTtl().map(d -> d.toNanos()).orElse(Long.MAX_VALUE);
            this.ring = new Envelope[settings.historySize()];
            this.offsets = new long[settings.historySize()];
            this.arrivals = new long[settings.historySize()];
        }

        @Override
        public synchronized void append(Envelope envelope) {
            long offset = envelope.position().map(MessageId::offset)
                    .orElseThrow(() -> new IllegalArgumentException("history needs ids issued by Tidings: " + envelope));
            expire();
            if (size == ring.length) {
                drop();
            }
            int slot = (start + size) % ring.length;
            ring[slot] = envelope;
            offsets[slot] = offset;
            arrivals[slot] = nanoTime.getAsLong();
            size++;
        }

        @Override
        public synchronized List<Envelope> backlog(SubscribeRequest request) {
            expire();
            MessageId head = request.head().orElseThrow(() -> new IllegalArgumentException("request without head"));
            if (request.resumeFrom().isEmpty()) {
                return newest(Math.min(request.replay(), size));
            }
            MessageId from = request.resumeFrom().get();
            List<Envelope> out = new ArrayList<>();
            if (!from.epoch().equals(head.epoch())) {
                out.add(Gaps.notice(settings.name(), from, Gaps.Reason.UNKNOWN_EPOCH, OptionalLong.empty(), resumePoint(head)));
                out.addAll(newest(size));
                return out;
            }
            if (from.offset() > head.offset()) {
                // The hub rejects ids ahead of the channel before asking; stay safe if called directly.
                throw new IllegalArgumentException("resume position " + from + " is ahead of " + head);
            }
            long oldest = size == 0 ? head.offset() + 1 : offsets[start];
            if (from.offset() < oldest - 1) {
                out.add(Gaps.notice(settings.name(), from, Gaps.Reason.EXPIRED, OptionalLong.of(oldest - 1 - from.offset()),
                        resumePoint(head)));
                out.addAll(newest(size));
                return out;
            }
            for (int i = 0; i < size; i++) {
                int slot = (start + i) % ring.length;
                if (offsets[slot] > from.offset()) {
                    out.add(ring[slot]);
                }
            }
            return out;
        }

        @Override
        public OutboundBuffer newBuffer() {
            return new BoundedBuffer(settings.buffer(), settings.overflow());
        }

        @Override
        public synchronized void close() {
            while (size > 0) {
                drop();
            }
        }

        /** Where a stream that replays everything retained continues after. */
        private MessageId resumePoint(MessageId head) {
            long oldest = size == 0 ? head.offset() + 1 : offsets[start];
            return new MessageId(head.epoch(), oldest - 1);
        }

        private List<Envelope> newest(int count) {
            List<Envelope> out = new ArrayList<>(count);
            for (int i = size - count; i < size; i++) {
                out.add(ring[(start + i) % ring.length]);
            }
            return out;
        }

        private void expire() {
            if (ttlNanos == Long.MAX_VALUE) {
                return;
            }
            long now = nanoTime.getAsLong();
            while (size > 0 && now - arrivals[start] > ttlNanos) {
                drop();
            }
        }

        private void drop() {
            ring[start] = null;
            start = (start + 1) % ring.length;
            size--;
        }
    }
}
