package dev.tidings.it.app;

import dev.tidings.spi.ChannelSettings;
import dev.tidings.spi.ChannelStore;
import dev.tidings.spi.Envelope;
import dev.tidings.spi.OutboundBuffer;
import dev.tidings.spi.Store;
import dev.tidings.spi.SubscribeRequest;
import dev.tidings.store.BoundedBuffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.List;

/** A custom store, as an application would write one: new subscribers first get the last three messages. */
@ApplicationScoped
public class RecentStore implements Store {

    @Override
    public String name() {
        return "recent";
    }

    @Override
    public ChannelStore open(ChannelSettings settings) {
        return new ChannelStore() {
            private final ArrayDeque<Envelope> recent = new ArrayDeque<>();

            @Override
            public void append(Envelope envelope) {
                recent.addLast(envelope);
                if (recent.size() > 3) {
                    recent.removeFirst();
                }
            }

            @Override
            public List<Envelope> backlog(SubscribeRequest request) {
                return List.copyOf(recent);
            }

            @Override
            public OutboundBuffer newBuffer() {
                return new BoundedBuffer(settings.buffer(), settings.overflow());
            }
        };
    }
}
