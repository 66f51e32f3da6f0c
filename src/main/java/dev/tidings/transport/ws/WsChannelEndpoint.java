package dev.tidings.transport.ws;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.TidingsException;
import dev.tidings.api.UnknownChannelException;
import dev.tidings.config.Names;
import dev.tidings.core.ChannelRegistry;
import dev.tidings.core.Subscription;
import dev.tidings.spi.CloseReason;
import dev.tidings.spi.SubscribeRequest;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * {@code /ws/channels/{name}}: a receive-only subscription. Resume position in {@code ?lastEventId=}.
 * Errors close the socket with 1008 (policy violation) and a reason starting with the error code, e.g.
 * {@code unknown-channel: ...}. A plain GET without the upgrade never reaches this class, so it never
 * registers a subscriber (tornadose's did).
 */
@Dependent // OpenLiberty injects into endpoints only when they are CDI beans (CWOWB1006E otherwise)
@ServerEndpoint("/ws/channels/{name}")
public class WsChannelEndpoint {
    private static final Logger LOG = Logger.getLogger(WsChannelEndpoint.class.getName());
    private static final String SUBSCRIPTION = "tidings.subscription";

    @Inject
    ChannelRegistry registry;

    @OnOpen
    public void open(Session session, @PathParam("name") String name) {
        try {
            if (!Names.isChannel(name)) {
                throw new TidingsException(ErrorCode.BAD_REQUEST, "invalid channel name; names match " + Names.CHANNEL.pattern());
            }
            if (!registry.exists(name)) {
                throw new UnknownChannelException(name);
            }
            session.setMaxTextMessageBufferSize(1024);
            SubscribeRequest request = new SubscribeRequest(lastEventId(session));
            Subscription subscription = registry.subscribe(name, request, new WsSubscriber(session));
            session.getUserProperties().put(SUBSCRIPTION, subscription);
        } catch (TidingsException e) {
            WsSubscriber.close(session, new CloseReason(e.code(), e.getMessage()));
        }
    }

    @OnMessage
    public void message(Session session, String text) {
        WsSubscriber.close(session, new CloseReason(ErrorCode.BAD_REQUEST, "this socket only receives; publish with POST /api/channels/{name}"));
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

    private static Optional<String> lastEventId(Session session) {
        List<String> ids = session.getRequestParameterMap().get("lastEventId");
        if (ids == null || ids.isEmpty() || ids.get(0).isEmpty()) {
            return Optional.empty();
        }
        String id = ids.get(0);
        if (id.length() > 256 || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "invalid lastEventId: send an id received from this channel");
        }
        return Optional.of(id);
    }
}
