package dev.tidings.api;

/**
 * A declared channel and its current state.
 *
 * @param name channel name
 * @param store store name ({@code latest}, {@code queue} or a custom store)
 * @param broker broker name ({@code local} or {@code redis})
 * @param subscribers subscribers connected to this instance right now, over every transport
 * @param brokerUp whether the broker is reachable (always true for {@code local}); while it is not, publishing
 *                 to the channel fails with {@code broker-unavailable}
 */
public record ChannelInfo(String name, String store, String broker, int subscribers, boolean brokerUp) {
}
