package dev.tidings.api;

/**
 * A declared channel and its current state.
 *
 * @param name channel name
 * @param store store name ({@code latest}, {@code queue} or a custom store)
 * @param broker broker name ({@code local})
 * @param subscribers subscribers connected to this instance right now, over every transport
 */
public record ChannelInfo(String name, String store, String broker, int subscribers) {
}
