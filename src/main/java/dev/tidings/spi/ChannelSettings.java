package dev.tidings.spi;

/**
 * A channel's validated configuration ({@code tidings.channels.<name>.*}).
 *
 * @param name channel name
 * @param store store name
 * @param broker broker name
 * @param buffer per-subscriber buffer size in messages, at least 1
 * @param overflow what a full buffer does
 */
public record ChannelSettings(String name, String store, String broker, int buffer, Overflow overflow) {
}
