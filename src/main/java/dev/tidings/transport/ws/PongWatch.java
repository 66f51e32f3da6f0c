package dev.tidings.transport.ws;

import java.io.IOException;
import java.time.Duration;

/**
 * Whether a channel WebSocket's client still answers pings: shared by {@link WsSubscriber} (platform API) and
 * {@link ChannelSocket} (Tidings' own framing). A client silent for {@value #MISSED_PONGS} heartbeats is taken
 * for gone (its network dropped, or the container kept a dead connection open), so its subscription ends
 * instead of staying registered until some idle timeout.
 */
final class PongWatch {
    /** Heartbeats without a pong after which the client is taken for gone. */
    static final int MISSED_PONGS = 3;

    private final long timeoutNanos;
    private volatile long lastSeen = System.nanoTime();

    /** @param heartbeat the heartbeat interval (0: never give up on a client) */
    PongWatch(Duration heartbeat) {
        this.timeoutNanos = heartbeat.isZero() ? Long.MAX_VALUE : heartbeat.toNanos() * MISSED_PONGS;
    }

    /** The client answered a ping: it is alive. */
    void pong() {
        lastSeen = System.nanoTime();
    }

    /** Why the client counts as gone at this heartbeat, or null while it answers. */
    IOException silence() {
        return System.nanoTime() - lastSeen > timeoutNanos
                ? new IOException("no pong for " + MISSED_PONGS + " heartbeats") : null;
    }
}
