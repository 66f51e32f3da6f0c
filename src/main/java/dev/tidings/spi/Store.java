package dev.tidings.spi;

/**
 * A kind of channel store, selected per channel with {@code tidings.channels.<name>.store=<name()>}.
 * Implementations are CDI beans (e.g. {@code @ApplicationScoped}); Tidings finds every bean of this type at
 * startup, so a custom store is just another bean:
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class AuditStore implements Store {
 *     public String name() { return "audit"; }
 *     public ChannelStore open(ChannelSettings settings) { return new AuditChannelStore(settings); }
 * }
 * }</pre>
 *
 * Built in: {@code latest} and {@code queue}. Store names are {@code [a-z0-9-]+} and unique.
 */
public interface Store {

    /** The name used in configuration. */
    String name();

    /** Creates the state of one channel; called once per channel at startup. */
    ChannelStore open(ChannelSettings settings);
}
