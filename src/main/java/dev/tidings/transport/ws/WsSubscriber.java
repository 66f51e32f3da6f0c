package dev.tidings.transport.ws;

import dev.tidings.spi.CloseReason;
import dev.tidings.spi.Envelope;
import dev.tidings.spi.Subscriber;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/** One WebSocket client: each message is one text frame sent with the async remote; one in flight at a time. */
final class WsSubscriber implements Subscriber {
    private static final Logger LOG = Logger.getLogger(WsSubscriber.class.getName());

    private final Session session;

    WsSubscriber(Session session) {
        this.session = session;
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

    @Override
    public void close(CloseReason reason) {
        close(session, reason);
    }

    /** Closes with the code for the reason: 1001 on shutdown, 1008 otherwise; the text starts with the error code. */
    static void close(Session session, CloseReason reason) {
        CloseCodes code = switch (reason.code()) {
            case SHUTTING_DOWN -> CloseCodes.GOING_AWAY;
            case INTERNAL -> CloseCodes.UNEXPECTED_CONDITION;
            default -> CloseCodes.VIOLATED_POLICY;
        };
        String text = reason.code().code() + ": " + reason.text();
        if (text.length() > 120) {
            text = text.substring(0, 120);
        }
        try {
            if (session.isOpen()) {
                session.close(new jakarta.websocket.CloseReason(code, text));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "closing WebSocket failed", e);
        }
    }
}
