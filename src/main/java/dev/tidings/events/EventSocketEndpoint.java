package dev.tidings.events;

import dev.tidings.api.ErrorCode;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The WebSocket side of one event socket, registered programmatically at {@code /ws<path>} (paths come from
 * the application's classes, so no annotation can name them). Checks the origin, then hands frames to the
 * {@link EventSocketApp}.
 */
public final class EventSocketEndpoint extends Endpoint {
    private static final Logger LOG = Logger.getLogger(EventSocketEndpoint.class.getName());
    private static final String ORIGIN_PROBLEM = "tidings.origin-problem";
    private static final String SOCKET = "tidings.socket";

    private final EventSocketApp app;
    private final int maxMessageBytes;

    EventSocketEndpoint(EventSocketApp app, int maxMessageBytes) {
        this.app = app;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** The endpoint's configuration: path, origin check, one endpoint instance per connection. */
    static ServerEndpointConfig config(EventSocketApp app, Origins origins, int maxMessageBytes) {
        return ServerEndpointConfig.Builder.create(EventSocketEndpoint.class, "/ws" + app.path())
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
                        // WebSocket 2.1: these user properties are a per-connection copy and become the session's.
                        origins.check(header(request, "Origin"), header(request, "Host"))
                                .ifPresent(problem -> sec.getUserProperties().put(ORIGIN_PROBLEM, problem));
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return (T) new EventSocketEndpoint(app, maxMessageBytes);
                    }
                })
                .build();
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        Object problem = session.getUserProperties().get(ORIGIN_PROBLEM);
        if (problem != null) {
            close(session, CloseReason.CloseCodes.VIOLATED_POLICY.getCode(), ErrorCode.FORBIDDEN_ORIGIN.code() + ": " + problem);
            return;
        }
        session.setMaxTextMessageBufferSize(maxMessageBytes);
        ClientSocket socket = app.open(new SessionOutlet(session), Optional.ofNullable(session.getUserPrincipal()));
        session.getUserProperties().put(SOCKET, socket);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> app.message(socket, text));
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> socket.seen());
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) data ->
                socket.send(EventFrames.warning("binary frames are not understood; send text {\"event\": \"name\", \"data\": {...}}")));
        if (!session.isOpen()) {
            app.closed(socket); // left while we were opening: onClose may have found nothing to forget
        }
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        if (session.getUserProperties().remove(SOCKET) instanceof ClientSocket socket) {
            app.closed(socket);
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        LOG.fine(() -> "event socket " + app.path() + " error: " + error);
    }

    static void close(Session session, int code, String reason) {
        try {
            if (session.isOpen()) {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason.length() > 120 ? reason.substring(0, 120) : reason));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "closing an event socket failed", e);
        }
    }

    private static Optional<String> header(HandshakeRequest request, String name) {
        for (Map.Entry<String, List<String>> e : request.getHeaders().entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return Optional.of(e.getValue().get(0));
            }
        }
        return Optional.empty();
    }

    /** Frames go out through the session's async remote, one at a time (the client socket's queue sees to it). */
    private record SessionOutlet(Session session) implements Outlet {
        @Override
        public void send(String frame, Consumer<Throwable> done) {
            try {
                session.getAsyncRemote().sendText(frame, result -> done.accept(result.isOK() ? null : result.getException()));
            } catch (RuntimeException e) {
                done.accept(e);
            }
        }

        @Override
        public void ping() {
            try {
                session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "ping failed", e);
            }
        }

        @Override
        public void close(int code, String reason) {
            EventSocketEndpoint.close(session, code, reason);
        }
    }
}
