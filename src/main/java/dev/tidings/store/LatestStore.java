package dev.tidings.store;

import dev.tidings.spi.ChannelSettings;
import dev.tidings.spi.ChannelStore;
import dev.tidings.spi.Envelope;
import dev.tidings.spi.OutboundBuffer;
import dev.tidings.spi.Store;
import dev.tidings.spi.SubscribeRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * {@code store=latest} (tornadose's DataStore, fixed): keeps the current value of the channel. A new
 * subscriber receives it at once; a slow subscriber may skip intermediate values but always ends on the
 * newest. Memory: one value per channel, one pending value per subscriber.
 */
@ApplicationScoped
public class LatestStore implements Store {
    public static final String NAME = "latest";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ChannelStore open(ChannelSettings settings) {
        return new Channel();
    }

    static final class Channel implements ChannelStore {
        private volatile Envelope current;

        @Override
        public void append(Envelope envelope) {
            current = envelope;
        }

        @Override
        public List<Envelope> backlog(SubscribeRequest request) {
            Envelope now = current;
            return now == null ? List.of() : List.of(now);
        }

        @Override
        public OutboundBuffer newBuffer() {
            return new ConflatingBuffer();
        }

        @Override
        public void close() {
            current = null;
        }
    }
}
