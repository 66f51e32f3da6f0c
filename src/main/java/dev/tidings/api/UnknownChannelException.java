package dev.tidings.api;

/** A channel name that is not declared in configuration. */
public class UnknownChannelException extends TidingsException {
    private static final long serialVersionUID = 1L;
    private final String channel;

    public UnknownChannelException(String channel) {
        super(ErrorCode.UNKNOWN_CHANNEL, "unknown channel '" + channel + "': declare it with tidings.channels."
                + channel + ".store=latest|queue|history");
        this.channel = channel;
    }

    /** The name that was asked for. */
    public String channel() {
        return channel;
    }
}
