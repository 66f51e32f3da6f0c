package dev.tidings.core;

import dev.tidings.api.Publisher;
import java.util.Optional;

/** The {@link Publisher} handed to application code: a channel name bound to the registry. */
final class ChannelPublisher implements Publisher {
    private final ChannelRegistry registry;
    private final String channel;

    ChannelPublisher(ChannelRegistry registry, String channel) {
        this.registry = registry;
        this.channel = channel;
    }

    @Override
    public String channel() {
        return channel;
    }

    @Override
    public String publish(String data) {
        return registry.publish(channel, Optional.empty(), data);
    }

    @Override
    public String publish(String event, String data) {
        return registry.publish(channel, Optional.ofNullable(event), data);
    }

    @Override
    public String toString() {
        return "Publisher[" + channel + "]";
    }
}
