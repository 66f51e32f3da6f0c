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

    private final Session session;
    private final PongWatch pongs;

    /** @param heartbeat the heartbeat interval (see {@link PongWatch}) */
    WsSubscriber(Session session, java.time.Duration heartbeat) {
        this.session = session;
        this.pongs = new PongWatch(heartbeat);
    }

    /** The client answered a ping: it is alive. */
    void pong() {
        pongs.pong();
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

    /** A ping when idle; a client that answered none of the last pings is taken for gone ({@link PongWatch}). */
    @Override
    public CompletionStage<Void> heartbeat() {
        if (!session.isOpen()) {
            return CompletableFuture.failedFuture(new IOException("WebSocket closed"));
        }
        IOException silent = pongs.silence();
        if (silent != null) {
            return CompletableFuture.failedFuture(silent);
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
