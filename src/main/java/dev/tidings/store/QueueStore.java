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
 * {@code store=queue} (tornadose's QueueStore, fixed): every message, in publish order, to every connected
 * subscriber; nothing old to a new subscriber. Each subscriber has a bounded buffer of {@code buffer}
 * messages; when it is full the channel's {@code overflow} policy acts. Retains nothing itself, so a message
 * published with no subscriber is simply not delivered (there is no one to lose it for).
 */
@ApplicationScoped
public class QueueStore implements Store {
    public static final String NAME = "queue";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ChannelStore open(ChannelSettings settings) {
        return new Channel(settings);
    }

    static final class Channel implements ChannelStore {
        private final ChannelSettings settings;

        Channel(ChannelSettings settings) {
            this.settings = settings;
        }

        @Override
        public void append(Envelope envelope) {
            // Nothing retained: subscribers' buffers hold what is in flight.
        }

        @Override
        public List<Envelope> backlog(SubscribeRequest request) {
            return List.of();
        }

        @Override
        public OutboundBuffer newBuffer() {
            return new BoundedBuffer(settings.buffer(), settings.overflow());
        }
    }
}
