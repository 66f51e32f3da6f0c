package dev.tidings.transport.ws;

import dev.tidings.api.TidingsException;
import dev.tidings.core.ChannelRegistry;
import dev.tidings.core.Subscription;
import dev.tidings.spi.CloseReason;
import dev.tidings.spi.SubscribeRequest;
import dev.tidings.transport.SubscribeParams;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * {@code /ws/channels/{name}}: a receive-only subscription. Resume position in {@code ?lastEventId=}, the
 * last N retained messages with {@code ?replay=N}.
 * Errors close the socket with 1008 (policy violation) and a reason starting with the error code, e.g.
 * {@code unknown-channel: ...}. A plain GET without the upgrade never reaches this class, so it never
 * registers a subscriber (tornadose's did).
 */
@Dependent // OpenLiberty injects into endpoints only when they are CDI beans (CWOWB1006E otherwise)
@ServerEndpoint("/ws/channels/{name}")
public class WsChannelEndpoint {
    private static final Logger LOG = Logger.getLogger(WsChannelEndpoint.class.getName());
    private static final String SUBSCRIPTION = "tidings.subscription";
    private static final String SUBSCRIBER = "tidings.subscriber";

    @Inject
    ChannelRegistry registry;

    @OnOpen
    public void open(Session session, @PathParam("name") String name) {
        try {
            SubscribeParams.requireChannel(registry, name);
            session.setMaxTextMessageBufferSize(1024);
            SubscribeRequest request = SubscribeParams.parse(parameter(session, "lastEventId"), parameter(session, "replay"));
            WsSubscriber subscriber = new WsSubscriber(session, registry.config().heartbeat());
            session.getUserProperties().put(SUBSCRIBER, subscriber);
            Subscription subscription = registry.subscribe(name, request, subscriber);
            session.getUserProperties().put(SUBSCRIPTION, subscription);
            if (!session.isOpen()) {
                // The client left while we were subscribing: @OnClose may have run before the subscription was
                // stored, and would then have had nothing to forget.
                forget(session);
            }
        } catch (TidingsException e) {
            WsSubscriber.close(session, new CloseReason(e.code(), e.getMessage()));
        }
    }

    @OnMessage
    public void message(Session session, String text) {
        receiveOnly(session);
    }

    /** Binary frames too: without a handler some containers drop them silently. */
    @OnMessage
    public void binary(Session session, ByteBuffer data) {
        receiveOnly(session);
    }

    /** Answers to our heartbeat pings: the client is alive. */
    @OnMessage
    public void pong(Session session, PongMessage pong) {
        if (session.getUserProperties().get(SUBSCRIBER) instanceof WsSubscriber subscriber) {
            subscriber.pong();
        }
    }

    private static void receiveOnly(Session session) {
        WsSubscriber.close(session, WsFrames.RECEIVE_ONLY);
    }

    @OnClose
    public void closed(Session session) {
        forget(session);
    }

    @OnError
    public void error(Session session, Throwable error) {
        LOG.fine(() -> "WebSocket error: " + error);
        forget(session);
    }

    private static void forget(Session session) {
        Object s = session.getUserProperties().remove(SUBSCRIPTION);
        if (s instanceof Subscription subscription) {
            subscription.cancel();
        }
    }

    private static Optional<String> parameter(Session session, String name) {
        List<String> values = session.getRequestParameterMap().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
