package dev.tidings.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.it.support.Deployments;
import dev.tidings.it.support.Http;
import dev.tidings.it.support.SseConnection;
import dev.tidings.it.support.SseConnection.Event;
import dev.tidings.it.support.WsConnection;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replay and resilience in a real container: resume after reconnect on SSE and WebSocket, gap notices,
 * slow consumers that are disconnected and resume without loss, hostile input and connection churn.
 */
@ExtendWith(ArquillianExtension.class)
class ResumeIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @ArquillianResource
    URL base;

    private Http http;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.tidingsWithTestApp();
    }

    @BeforeEach
    void setUp() {
        http = new Http(base);
    }

    // ---- resume ------------------------------------------------------------------------------------

    @Test
    void sseResumesFromTheLastEventIdHeaderWithExactlyWhatItMissed() throws Exception {
        List<String> ids = publish("history", "h", 5);
        try (SseConnection sse = SseConnection.open(base, "/api/channels/history/events", "Last-Event-ID: " + ids.get(1))) {
            assertEquals(List.of(new Event(ids.get(2), null, "h2"), new Event(ids.get(3), null, "h3"), new Event(ids.get(4), null, "h4")),
                    sse.take(3, WAIT));
            String live = publish("history", "live", 1).get(0);
            assertEquals(new Event(live, null, "live0"), sse.next(WAIT));
        }
    }

    @Test
    void sseResumesFromTheLastEventIdQueryParameter() throws Exception {
        List<String> ids = publish("history", "q", 3);
        try (SseConnection sse = SseConnection.open(base, "/api/channels/history/events?lastEventId=" + ids.get(0))) {
            assertEquals(List.of(new Event(ids.get(1), null, "q1"), new Event(ids.get(2), null, "q2")), sse.take(2, WAIT));
        }
    }

    @Test
    void webSocketResumesFromLastEventId() throws Exception {
        List<String> ids = publish("history", "w", 4);
        try (WsConnection ws = WsConnection.open(base, "/ws/channels/history?lastEventId=" + ids.get(1))) {
            List<JsonObject> frames = ws.take(2, WAIT);
            assertEquals(ids.get(2), frames.get(0).getString("id"));
            assertEquals("w2", frames.get(0).getString("data"));
            assertEquals(ids.get(3), frames.get(1).getString("id"));
        }
    }

    @Test
    void replayGivesAFirstSubscriberTheLastNMessages() throws Exception {
        List<String> ids = publish("history", "r", 4);
        try (SseConnection sse = SseConnection.open(base, "/api/channels/history/events?replay=2");
             WsConnection ws = WsConnection.open(base, "/ws/channels/history?replay=2")) {
            assertEquals(List.of(new Event(ids.get(2), null, "r2"), new Event(ids.get(3), null, "r3")), sse.take(2, WAIT));
            assertEquals(ids.get(2), ws.next(WAIT).getString("id"));
            assertEquals(ids.get(3), ws.next(WAIT).getString("id"));
        }
    }

    @Test
    void resumingFromOutsideTheWindowReportsTheGapThenContinuesFromTheOldestRetained() throws Exception {
        List<String> ids = publish("short", "s", 10); // history-size 5: s5..s9 retained
        String expectedGap = "{\"reason\":\"expired\",\"requested\":\"" + ids.get(0) + "\",\"missed\":4,\"resumedAfter\":\"" + ids.get(4) + "\"}";
        try (SseConnection sse = SseConnection.open(base, "/api/channels/short/events", "Last-Event-ID: " + ids.get(0));
             WsConnection ws = WsConnection.open(base, "/ws/channels/short?lastEventId=" + ids.get(0))) {
            List<Event> events = sse.take(6, WAIT);
            assertEquals(new Event(ids.get(4), "tidings-gap", expectedGap), events.get(0));
            for (int i = 1; i <= 5; i++) {
                assertEquals(new Event(ids.get(4 + i), null, "s" + (4 + i)), events.get(i));
            }
            JsonObject gap = ws.next(WAIT);
            assertEquals("tidings-gap", gap.getString("event"));
            assertEquals(expectedGap, gap.getString("data"));
            assertEquals(ids.get(5), ws.next(WAIT).getString("id"));
        }
    }

    @Test
    void resumingWithAnIdFromAnotherEpochReportsAGapWithoutAMissedCount() throws Exception {
        List<String> ids = publish("short", "e", 2);
        try (SseConnection sse = SseConnection.open(base, "/api/channels/short/events", "Last-Event-ID: zz0restart-3")) {
            Event gap = sse.next(WAIT);
            assertEquals("tidings-gap", gap.event());
            JsonObject data = Http.json(gap.data());
            assertEquals("unknown-epoch", data.getString("reason"));
            assertEquals("zz0restart-3", data.getString("requested"));
            assertFalse(data.containsKey("missed"));
            List<Event> rest = sse.take(5, WAIT);
            assertEquals(ids.get(1), rest.get(4).id(), "ends on the newest retained message");
        }
    }

    @Test
    void latestChannelGivesTheCurrentValueToAResumingClient() throws Exception {
        String old = http.post("/api/test/rest/prices?data=old", null, new byte[0]).body();
        String current = http.post("/api/test/rest/prices?data=now", null, new byte[0]).body();
        try (SseConnection sse = SseConnection.open(base, "/api/channels/prices/events", "Last-Event-ID: " + old)) {
            assertEquals(new Event(current, null, "now"), sse.next(WAIT));
        }
    }

    // ---- slow consumers: disconnected, then resume without loss --------------------------------------

    @Test
    void aSseClientThatStopsReadingIsDisconnectedAndResumesWithEveryMessageExactlyOnce() throws Exception {
        int count = 4000;
        List<String> received = new ArrayList<>();
        List<String> ids;
        try (SseConnection slow = SseConnection.openSmall(base, "/api/channels/replay/events")) {
            http.awaitSubscribers("replay", 1, WAIT);
            slow.pause();
            // 4000 x 4 KiB = 16 MB: more than the paused client's socket buffers plus its 32-message buffer.
            ids = Arrays.asList(http.post("/api/test/ejb/replay?prefix=m&count=" + count + "&size=4096&pause=1", null,
                    new byte[0]).body().split(","));
            http.awaitSubscribers("replay", 0, Duration.ofSeconds(60)); // disconnected as a slow consumer
            slow.resume();
            slow.drainUntilEnd(Duration.ofSeconds(60)).forEach(e -> received.add(e.id()));
        }
        assertTrue(received.size() < count, "the slow client was cut off before the end (" + received.size() + ")");
        String last = received.get(received.size() - 1);
        try (SseConnection resumed = SseConnection.open(base, "/api/channels/replay/events", "Last-Event-ID: " + last)) {
            resumed.take(count - received.size(), Duration.ofSeconds(60)).forEach(e -> received.add(e.id()));
        }
        assertEquals(ids, received, "every message exactly once, in order");
    }

    @Test
    void aWebSocketClientThatStopsReadingIsDisconnectedAndResumesWithEveryMessageExactlyOnce() throws Exception {
        int count = 4000;
        List<String> received = new ArrayList<>();
        List<String> ids;
        try (WsConnection slow = WsConnection.open(base, "/ws/channels/replayws")) {
            http.awaitSubscribers("replayws", 1, WAIT);
            slow.pause();
            ids = Arrays.asList(http.post("/api/test/ejb/replayws?prefix=m&count=" + count + "&size=4096&pause=1", null,
                    new byte[0]).body().split(","));
            http.awaitSubscribers("replayws", 0, Duration.ofSeconds(60));
            slow.resume();
            // Cut off: it gets what was already on its way, then the close (1008 slow-consumer, or just the drop
            // when the close frame is stuck behind unread data). Some containers keep the dead socket open, so the
            // end of the data is "nothing more for 3 s" rather than the close itself.
            slow.drainUntilQuiet(Duration.ofSeconds(3), Duration.ofSeconds(60)).forEach(f -> received.add(f.getString("id")));
        }
        assertTrue(received.size() < count, "the slow client was cut off before the end (" + received.size() + ")");
        String last = received.get(received.size() - 1);
        try (WsConnection resumed = WsConnection.open(base, "/ws/channels/replayws?lastEventId=" + last)) {
            resumed.take(count - received.size(), Duration.ofSeconds(60)).forEach(f -> received.add(f.getString("id")));
        }
        assertEquals(ids, received, "every message exactly once, in order");
    }

    // ---- hostile input -----------------------------------------------------------------------------

    @Test
    void malformedResumeIdsAreRejectedPrecisely() throws Exception {
        try (SseConnection sse = SseConnection.open(base, "/api/channels/history/events", "Last-Event-ID: not an id")) {
            assertEquals(400, sse.status());
            assertTrue(Http.json(sse.body()).getString("detail").startsWith("invalid Last-Event-ID 'not an id'"), sse.body());
        }
        String head = publish("history", "ahead", 1).get(0);
        String epoch = head.substring(0, head.lastIndexOf('-'));
        try (SseConnection sse = SseConnection.open(base, "/api/channels/history/events", "Last-Event-ID: " + epoch + "-999999999")) {
            assertEquals(400, sse.status());
            assertTrue(Http.json(sse.body()).getString("detail").contains("is ahead of channel history"), sse.body());
        }
        try (WsConnection ws = WsConnection.open(base, "/ws/channels/history?lastEventId=bogus")) {
            assertTrue(ws.awaitClose(WAIT).startsWith("1008 bad-request: invalid Last-Event-ID 'bogus'"), ws.awaitClose(WAIT));
        }
        try (SseConnection sse = SseConnection.open(base, "/api/channels/history/events?replay=lots")) {
            assertEquals(400, sse.status());
        }
        assertServing();
    }

    @Test
    void invalidUtf8AndHugeHeadersGetA4xxAndTheServerKeepsServing() throws Exception {
        assertEquals(400, rawStatus("GET /api/channels/history/events HTTP/1.1\r\nHost: x\r\nLast-Event-ID: ".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0xff, (byte) 0xfe, '-', '1'}));
        int huge = rawStatus(("GET /api/channels/history/events HTTP/1.1\r\nHost: x\r\nLast-Event-ID: " + "9".repeat(200_000))
                .getBytes(StandardCharsets.US_ASCII), new byte[0]);
        assertTrue(huge >= 400 && huge < 500, "huge header answered " + huge);
        assertServing();
    }

    @Test
    void aWebSocketSubscriberSendingBinaryIsClosedAndForgotten() throws Exception {
        try (WsConnection ws = WsConnection.open(base, "/ws/channels/churn")) {
            http.awaitSubscribers("churn", 1, WAIT);
            ws.sendBinary(new byte[] {(byte) 0xff, 0, 1});
            String close = ws.awaitClose(WAIT);
            assertTrue(close.startsWith("1003") || close.startsWith("1008"), close);
        }
        http.awaitSubscribers("churn", 0, WAIT);
    }

    @Test
    void fiveThousandConnectionsOpenedAndDroppedLeaveNoSubscriberBehind() throws Exception {
        int connections = 5000;
        ExecutorService clients = Executors.newFixedThreadPool(64);
        AtomicInteger streamed = new AtomicInteger();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                boolean webSocket = i % 10 == 0;
                done.add(clients.submit(() -> {
                    if (webSocket) {
                        if (rawWebSocketUpgrade("/ws/channels/churn") == 101) {
                            streamed.incrementAndGet();
                        }
                    } else {
                        try (SseConnection sse = SseConnection.openStalled(base, "/api/channels/churn/events")) {
                            if (sse.status() == 200) {
                                streamed.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        assertEquals(connections, streamed.get(), "every connection was accepted");
        // Dropped clients: SSE ones are noticed at the next heartbeat write (1 s here), WebSockets by the container.
        http.awaitSubscribers("churn", 0, Duration.ofSeconds(60));
        assertServing();
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private List<String> publish(String channel, String prefix, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response = http.publish(channel, "text/plain", prefix + i);
            assertEquals(202, response.statusCode(), response.body());
            ids.add(Http.json(response.body()).getString("id"));
        }
        return ids;
    }

    private void assertServing() throws Exception {
        assertEquals(200, http.get("/api/channels").statusCode());
    }

    /** Opens a WebSocket with a raw handshake, reads the response status, and drops the connection. */
    private int rawWebSocketUpgrade(String path) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            socket.setSoTimeout(20_000);
            String key = java.util.Base64.getEncoder().encodeToString(new byte[16]);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder status = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                status.append((char) c);
            }
            String[] parts = status.toString().split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        }
    }

    /** Sends raw request bytes and returns the response status. */
    private int rawStatus(byte[] head, byte[] tail) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head);
                out.write(tail);
                out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (java.io.IOException e) {
                // the server may reject and close before reading everything
            }
            InputStream in = socket.getInputStream();
            StringBuilder status = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                status.append((char) c);
            }
            String[] parts = status.toString().split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
        }
    }
}
