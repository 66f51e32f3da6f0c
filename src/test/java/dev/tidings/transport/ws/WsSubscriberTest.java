package dev.tidings.transport.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tidings.api.ErrorCode;
import dev.tidings.spi.CloseReason;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WsSubscriberTest {

    /** A Session that records close reasons; every other method is unused here. */
    private static Session session(List<jakarta.websocket.CloseReason> closes, boolean open) {
        return (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "isOpen":
                    return open;
                case "close":
                    closes.add((jakarta.websocket.CloseReason) args[0]);
                    return null;
                default:
                    throw new UnsupportedOperationException(method.getName());
            }
        });
    }

    @Test
    void shutdownClosesWithGoingAway1001() {
        List<jakarta.websocket.CloseReason> closes = new ArrayList<>();
        new WsSubscriber(session(closes, true), java.time.Duration.ofSeconds(1)).close(CloseReason.shuttingDown());
        assertEquals(1, closes.size());
        assertEquals(1001, closes.get(0).getCloseCode().getCode());
        assertEquals("shutting-down: server is shutting down; reconnect", closes.get(0).getReasonPhrase());
    }

    @Test
    void slowConsumerClosesWithPolicyViolation1008() {
        List<jakarta.websocket.CloseReason> closes = new ArrayList<>();
        new WsSubscriber(session(closes, true), java.time.Duration.ofSeconds(1)).close(CloseReason.slowConsumer(32));
        assertEquals(1008, closes.get(0).getCloseCode().getCode());
        assertEquals("slow-consumer: outgoing buffer of 32 messages overflowed", closes.get(0).getReasonPhrase());
    }

    @Test
    void failedWriteClosesWithUnexpectedCondition1011() {
        List<jakarta.websocket.CloseReason> closes = new ArrayList<>();
        new WsSubscriber(session(closes, true), java.time.Duration.ofSeconds(1)).close(CloseReason.sendFailed());
        assertEquals(1011, closes.get(0).getCloseCode().getCode());
    }

    @Test
    void reasonsAreCutToFitACloseFrame() {
        List<jakarta.websocket.CloseReason> closes = new ArrayList<>();
        WsSubscriber.close(session(closes, true), new CloseReason(ErrorCode.BAD_REQUEST, "x".repeat(300)));
        assertEquals("bad-request: " + "x".repeat(100), closes.get(0).getReasonPhrase());
    }

    @Test
    void anIdleSubscriberIsPingedSoAVanishedConnectionIsNoticed() throws Exception {
        List<String> pings = new ArrayList<>();
        jakarta.websocket.RemoteEndpoint.Async remote = (jakarta.websocket.RemoteEndpoint.Async) Proxy.newProxyInstance(
                Session.class.getClassLoader(), new Class<?>[] {jakarta.websocket.RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendPing")) {
                        pings.add("ping " + ((java.nio.ByteBuffer) args[0]).remaining());
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        Session session = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getAsyncRemote")) {
                        return remote;
                    }
                    if (method.getName().equals("isOpen")) {
                        return true;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        new WsSubscriber(session, java.time.Duration.ofSeconds(1)).heartbeat().toCompletableFuture().get();
        assertEquals(List.of("ping 0"), pings);
    }

    @Test
    void aClientThatNeverAnswersPingsIsTakenForGone() {
        Session session = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("isOpen")) {
                        return true;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        // A zero-length heartbeat would mean "off"; 1 ns makes every pong already overdue.
        WsSubscriber subscriber = new WsSubscriber(session, java.time.Duration.ofNanos(1));
        java.util.concurrent.CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.CompletionException.class, () -> subscriber.heartbeat().toCompletableFuture().join());
        assertEquals("no pong for 3 heartbeats", e.getCause().getMessage());
    }

    @Test
    void anAlreadyClosedSessionIsLeftAlone() {
        List<jakarta.websocket.CloseReason> closes = new ArrayList<>();
        new WsSubscriber(session(closes, false), java.time.Duration.ofSeconds(1)).close(CloseReason.shuttingDown());
        assertEquals(List.of(), closes);
    }
}
