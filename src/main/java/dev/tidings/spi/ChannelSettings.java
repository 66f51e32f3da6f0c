package dev.tidings.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * A channel's validated configuration ({@code tidings.channels.<name>.*}).
 *
 * @param name channel name
 * @param store store name
 * @param broker broker name
 * @param buffer per-subscriber buffer size in messages, at least 1
 * @param overflow what a full buffer does
 * @param historySize messages a {@code history} channel retains
 * @param historyTtl how long a {@code history} channel retains a message, if limited
 */
public record ChannelSettings(String name, String store, String broker, int buffer, Overflow overflow,
                              int historySize, Optional<Duration> historyTtl) {
    public static final int DEFAULT_HISTORY_SIZE = 1000;

    /** Settings of a channel that keeps no history. */
    public ChannelSettings(String name, String store, String broker, int buffer, Overflow overflow) {
        this(name, store, broker, buffer, overflow, DEFAULT_HISTORY_SIZE, Optional.empty());
    }
}
