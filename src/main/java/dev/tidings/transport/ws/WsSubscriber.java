package dev.tidings.transport.ws;

import dev.tidings.spi.CloseReason;
import dev.tidings.spi.Envelope;
import dev.tidings.spi.Subscriber;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One WebSocket client: each message is one text frame sent with the async remote, one in flight at a time;
 * a ping on the heartbeat when idle.
 */
final class WsSubscriber implements Subscriber {
    private static final Logger LOG = Logger.getLogger(WsSubscriber.class.getName());

    /** Heartbeats without a pong after which the client is taken for gone. */
    static final int MISSED_PONGS = 3;

    private final Session session;
    private final long pongTimeoutNanos;
    private volatile long lastSeen = System.nanoTime();

    /** @param heartbeat the heartbeat interval; a client silent for {@value #MISSED_PONGS} of them is gone (0: never) */
    WsSubscriber(Session session, java.time.Duration heartbeat) {
        this.session = session;
        this.pongTimeoutNanos = heartbeat.isZero() ? Long.MAX_VALUE : heartbeat.toNanos() * MISSED_PONGS;
    }

    /** The client answered a ping: it is alive. */
    void pong() {
        lastSeen = System.nanoTime();
    }

    @Override
    public CompletionStage<Void> send(Envelope envelope) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        session.getAsyncRemote().sendText(envelope.encoded(WsFrames.ENCODER), result -> {
            if (result.isOK()) {
                done.complete(null);
            } else {
                done.completeExceptionally(result.getException());
            }
        });
        return done;
    }

    /**
     * A ping when idle. A client that has not answered the last pings with a pong is taken for gone (its
     * network dropped, or the container kept a dead session open), so its subscription ends instead of
     * staying registered until some idle timeout.
     */
    @Override
    public CompletionStage<Void> heartbeat() {
        if (!session.isOpen()) {
            return CompletableFuture.failedFuture(new IOException("WebSocket closed"));
        }
        if (System.nanoTime() - lastSeen > pongTimeoutNanos) {
            return CompletableFuture.failedFuture(new IOException("no pong for " + MISSED_PONGS + " heartbeats"));
        }
        try {
            session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
            return DONE;
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void close(CloseReason reason) {
        close(session, reason);
    }

    /** Closes with the code for the reason (see {@link WsFrames#closeCode}); the text starts with the error code. */
    static void close(Session session, CloseReason reason) {
        try {
            if (session.isOpen()) {
                session.close(new jakarta.websocket.CloseReason(
                        jakarta.websocket.CloseReason.CloseCodes.getCloseCode(WsFrames.closeCode(reason)), WsFrames.closeText(reason)));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "closing WebSocket failed", e);
        }
    }
}
