package dev.tidings.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.Eventually;
import dev.tidings.bench.Scenario;
import dev.tidings.bench.Transport;
import dev.tidings.it.support.Deployments;
import dev.tidings.it.support.Http;
import dev.tidings.it.support.SseConnection;
import dev.tidings.it.support.WsConnection;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tidings in a real container (Payara Micro or OpenLiberty, chosen by {@code arquillian.launch}): the built
 * tidings.war plus a tiny application (an EJB and a REST resource injecting publishers), with the
 * configuration in {@code it-config.properties}. All tests in one class: each class costs a container start.
 */
@ExtendWith(ArquillianExtension.class)
class TidingsIT {
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

    // ---- injection and delivery ---------------------------------------------------------------------

    @Test
    void ejbPublishReachesSseAndWebSocketSubscribersInOrder() throws Exception {
        try (SseConnection sse = SseConnection.open(base, "/api/channels/orders/events");
             WsConnection ws = WsConnection.open(base, "/ws/channels/orders")) {
            http.awaitSubscribers("orders", 2, WAIT);
            HttpResponse<String> published = http.post("/api/test/ejb/orders?prefix=ejb&count=20&size=0", null, new byte[0]);
            assertEquals(200, published.statusCode(), published.body());
            List<String> ids = Arrays.asList(published.body().split(","));

            List<SseConnection.Event> events = sse.take(20, WAIT);
            List<JsonObject> frames = ws.take(20, WAIT);
            for (int i = 0; i < 20; i++) {
                assertEquals(new SseConnection.Event(ids.get(i), null, "ejb-" + i), events.get(i));
                assertEquals(ids.get(i), frames.get(i).getString("id"));
                assertEquals("ejb-" + i, frames.get(i).getString("data"));
                assertTrue(!frames.get(i).containsKey("event"), "no event key when none was set");
            }
        }
    }

    @Test
    void restResourcePublishCarriesTheEventNameOnBothTransports() throws Exception {
        try (SseConnection sse = SseConnection.open(base, "/api/channels/prices/events");
             WsConnection ws = WsConnection.open(base, "/ws/channels/prices")) {
            http.awaitSubscribers("prices", 2, WAIT);
            HttpResponse<String> published = http.post("/api/test/rest/prices?event=tick&data=42.5", null, new byte[0]);
            assertEquals(200, published.statusCode(), published.body());
            String id = published.body();
            SseConnection.Event event = nextWithData(sse, "42.5");
            assertEquals(new SseConnection.Event(id, "tick", "42.5"), event);
            JsonObject frame = nextWithData(ws, "42.5");
            assertEquals(id, frame.getString("id"));
            assertEquals("tick", frame.getString("event"));
        }
    }

    @Test
    void latestStoreGivesANewSubscriberTheCurrentValueAtOnce() throws Exception {
        http.post("/api/test/rest/prices?data=first", null, new byte[0]);
        String id = http.post("/api/test/rest/prices?data=current", null, new byte[0]).body();
        try (SseConnection sse = SseConnection.open(base, "/api/channels/prices/events");
             WsConnection ws = WsConnection.open(base, "/ws/channels/prices")) {
            assertEquals(new SseConnection.Event(id, null, "current"), sse.next(WAIT));
            JsonObject frame = ws.next(WAIT);
            assertEquals(id, frame.getString("id"));
            assertEquals("current", frame.getString("data"));
        }
    }

    @Test
    void queueStoreGivesANewSubscriberNothingOld() throws Exception {
        http.publish("wire", "text/plain", "before");
        try (SseConnection sse = SseConnection.open(base, "/api/channels/wire/events")) {
            http.awaitSubscribers("wire", 1, WAIT);
            http.publish("wire", "text/plain", "after");
            assertEquals("after", sse.next(WAIT).data());
        }
        http.awaitSubscribers("wire", 0, WAIT);
    }

    @Test
    void channelListShowsStoreBrokerAndSubscribers() throws Exception {
        HttpResponse<String> response = http.get("/api/channels");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonArray channels = jakarta.json.Json.createReader(new StringReader(response.body())).readArray();
        List<String> summary = new ArrayList<>();
        for (var c : channels) {
            JsonObject o = c.asJsonObject();
            summary.add(o.getString("name") + ":" + o.getString("store") + ":" + o.getString("broker"));
        }
        assertEquals(List.of("bench:queue:local", "bulk:queue:local", "churn:queue:local", "custom:queue:local", "history:history:local",
                "idle:queue:local", "orders:queue:local", "prices:latest:local", "recent:recent:local",
                "replay:history:local", "replayws:history:local", "short:history:local", "wire:queue:local"), summary);
    }

    @Test
    void aCustomStoreBeanIsSelectedByConfigAndSetsWhatNewSubscribersGet() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            ids.add(Http.json(http.publish("recent", "text/plain", "r" + i).body()).getString("id"));
        }
        try (SseConnection sse = SseConnection.open(base, "/api/channels/recent/events")) {
            assertEquals(List.of(new SseConnection.Event(ids.get(2), null, "r3"), new SseConnection.Event(ids.get(3), null, "r4"),
                    new SseConnection.Event(ids.get(4), null, "r5")), sse.take(3, WAIT));
            String live = Http.json(http.publish("recent", "text/plain", "r6").body()).getString("id");
            assertEquals(new SseConnection.Event(live, null, "r6"), sse.next(WAIT));
        }
    }

    @Test
    void aCustomSubscriberWrittenAgainstTheSpiReceivesEveryMessage() throws Exception {
        assertEquals(204, http.post("/api/test/recorder/custom", null, new byte[0]).statusCode());
        http.awaitSubscribers("custom", 1, WAIT);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            expected.add(Http.json(http.publish("custom", "text/plain", "c" + i).body()).getString("id") + " c" + i);
        }
        String all = String.join("\n", expected);
        String received = Eventually.until("the recorder to get every message", WAIT, () -> http.get("/api/test/recorder").body(), all::equals);
        assertEquals(all, received);
        http.delete("/api/test/recorder");
        http.awaitSubscribers("custom", 0, WAIT);
    }

    // ---- SSE wire format ----------------------------------------------------------------------------

    @Test
    void sseStreamHasItsHeadersRetryAndExactFramesForMultiLinePayloads() throws Exception {
        try (SseConnection sse = SseConnection.open(base, "/api/channels/wire/events")) {
            assertEquals(200, sse.status());
            assertTrue(sse.header("Content-Type").startsWith("text/event-stream"), sse.header("Content-Type"));
            assertEquals("no-cache", sse.header("Cache-Control"));
            assertEquals("no", sse.header("X-Accel-Buffering"));
            http.awaitSubscribers("wire", 1, WAIT);
            HttpResponse<String> published = http.post("/api/channels/wire?event=note", "text/plain; charset=UTF-8",
                    "first line\nsecond line\r\nthird line".getBytes(StandardCharsets.UTF_8), "Authorization", Http.TOKEN);
            assertEquals(202, published.statusCode(), published.body());
            String id = Http.json(published.body()).getString("id");
            assertEquals("wire", Http.json(published.body()).getString("channel"));
            assertEquals(new SseConnection.Event(id, "note", "first line\nsecond line\nthird line"), sse.next(WAIT));
            String raw = sse.raw().replaceAll("(?m)^: keep-alive\n\n", "");
            assertEquals("retry: 500\n\nid: " + id + "\nevent: note\ndata: first line\ndata: second line\ndata: third line\n\n", raw);
        }
    }

    @Test
    void idleSseStreamsGetHeartbeatComments() throws Exception {
        try (SseConnection sse = SseConnection.open(base, "/api/channels/idle/events")) {
            List<String> comments = Eventually.require("a heartbeat comment", WAIT, sse::comments, c -> !c.isEmpty());
            assertEquals(": keep-alive", comments.get(0));
        }
    }

    @Test
    void jsonPayloadIsDeliveredAsText() throws Exception {
        try (WsConnection ws = WsConnection.open(base, "/ws/channels/wire")) {
            http.awaitSubscribers("wire", 1, WAIT);
            HttpResponse<String> published = http.publish("wire", "application/json", "{\"price\": 42, \"tags\": [\"a\"]}");
            assertEquals(202, published.statusCode(), published.body());
            assertEquals("{\"price\": 42, \"tags\": [\"a\"]}", ws.next(WAIT).getString("data"));
        }
    }

    // ---- slow clients and cleanup ------------------------------------------------------------------

    @Test
    void aSubscriberThatNeverReadsNeitherDelaysNorCostsMessagesToAFastOne() throws Exception {
        int count = 1000;
        try (SseConnection stalled = SseConnection.openStalled(base, "/api/channels/bulk/events");
             SseConnection fast = SseConnection.open(base, "/api/channels/bulk/events");
             WsConnection fastWs = WsConnection.open(base, "/ws/channels/bulk")) {
            assertEquals(200, stalled.status());
            http.awaitSubscribers("bulk", 3, WAIT);
            // 1000 x 16 KiB = 16 MB, one message per 3 ms (~5 MB/s): a reading client keeps up; the stalled one
            // fills its socket buffers (a few MB), then its 384-message buffer (6 MB), and is disconnected.
            HttpResponse<String> published = http.post("/api/test/ejb/bulk?prefix=bulk&count=" + count
                    + "&size=16384&pause=3", null, new byte[0]);
            assertEquals(200, published.statusCode());
            List<String> ids = Arrays.asList(published.body().split(","));

            List<SseConnection.Event> events = fast.take(count, Duration.ofSeconds(60));
            List<JsonObject> frames = fastWs.take(count, Duration.ofSeconds(60));
            for (int i = 0; i < count; i++) {
                assertEquals(ids.get(i), events.get(i).id());
                assertTrue(events.get(i).data().startsWith("bulk-" + i + "."), "SSE message " + i + " in order");
                assertEquals(ids.get(i), frames.get(i).getString("id"));
            }
            // The stalled client overflowed its buffer and was disconnected (overflow=disconnect).
            http.awaitSubscribers("bulk", 2, WAIT);
        }
        http.awaitSubscribers("bulk", 0, WAIT);
    }

    @Test
    void subscriberCountReturnsToZeroAfterClientsLeave() throws Exception {
        List<SseConnection> streams = new ArrayList<>();
        List<WsConnection> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                streams.add(SseConnection.open(base, "/api/channels/churn/events"));
                sockets.add(WsConnection.open(base, "/ws/channels/churn"));
            }
            http.awaitSubscribers("churn", 10, WAIT);
        } finally {
            for (SseConnection s : streams) {
                s.close();
            }
            for (WsConnection w : sockets) {
                w.close();
            }
        }
        // SSE clients that vanish are noticed by the next heartbeat write (1 s here).
        http.awaitSubscribers("churn", 0, WAIT);
    }

    @Test
    void aPlainGetToTheWebSocketRouteRegistersNoSubscriber() throws Exception {
        HttpResponse<String> response = http.get("/ws/channels/churn");
        assertNotEquals(101, response.statusCode());
        assertNotEquals(200, response.statusCode());
        assertEquals(0, http.subscribers("churn"));
    }

    // ---- errors ------------------------------------------------------------------------------------

    @Test
    void sseOnAnUnknownChannelIs404Problem() throws Exception {
        try (SseConnection sse = SseConnection.open(base, "/api/channels/nope/events")) {
            assertEquals(404, sse.status());
            assertTrue(sse.header("Content-Type").startsWith("application/problem+json"));
            JsonObject problem = Http.json(sse.body());
            assertEquals("unknown-channel", problem.getString("code"));
            assertEquals(404, problem.getInt("status"));
            assertTrue(problem.getString("detail").contains("tidings.channels.nope.store"), problem.toString());
        }
    }

    @Test
    void sseWithAnInvalidChannelNameOrLastEventIdIs400() throws Exception {
        try (SseConnection sse = SseConnection.open(base, "/api/channels/bad%20name/events")) {
            assertEquals(400, sse.status());
            assertEquals("bad-request", Http.json(sse.body()).getString("code"));
        }
        try (SseConnection sse = SseConnection.open(base, "/api/channels/orders/events", "Last-Event-ID: " + "x".repeat(300))) {
            assertEquals(400, sse.status());
            assertTrue(Http.json(sse.body()).getString("detail").startsWith("invalid Last-Event-ID 'xxxx"), sse.body());
        }
    }

    @Test
    void webSocketOnAnUnknownChannelClosesWithPolicyViolation() throws Exception {
        try (WsConnection ws = WsConnection.open(base, "/ws/channels/nope")) {
            String close = ws.awaitClose(WAIT);
            assertTrue(close.startsWith("1008 unknown-channel: unknown channel 'nope'"), close);
        }
    }

    @Test
    void webSocketSubscriberSendingTextIsClosedWithAReason() throws Exception {
        try (WsConnection ws = WsConnection.open(base, "/ws/channels/churn")) {
            http.awaitSubscribers("churn", 1, WAIT);
            ws.sendText("hello?");
            String close = ws.awaitClose(WAIT);
            assertTrue(close.startsWith("1008 bad-request: this socket only receives"), close);
        }
        http.awaitSubscribers("churn", 0, WAIT);
    }

    @Test
    void publishErrorsAreProblemsWithStableCodes() throws Exception {
        assertProblem(http.post("/api/channels/orders", "text/plain", "x".getBytes(StandardCharsets.UTF_8)), 401, "unauthorized");
        assertProblem(http.post("/api/channels/orders", "text/plain", "x".getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer wrong"), 401, "unauthorized");
        assertProblem(http.publish("nope", "text/plain", "x"), 404, "unknown-channel");
        assertProblem(http.publish("orders", "text/plain", "x".repeat(1025)), 413, "payload-too-large");
        assertProblem(http.publish("orders", "application/json", "{\"unterminated\": "), 400, "bad-request");
        assertProblem(http.publish("orders", "application/xml", "<a/>"), 415, "unsupported-media-type");
        assertProblem(http.post("/api/channels/orders?event=bad%20event", "text/plain",
                "x".getBytes(StandardCharsets.UTF_8), "Authorization", Http.TOKEN), 400, "bad-request");
        assertProblem(http.post("/api/channels/orders", "text/plain", new byte[] {(byte) 0xc3, (byte) 0x28},
                "Authorization", Http.TOKEN), 400, "bad-request");
        assertEquals(202, http.publish("orders", "text/plain", "x".repeat(1024)).statusCode(), "exactly max-bytes is accepted");
    }

    // ---- the benchmark's load generator (bench/), so that it cannot rot ---------------------------------------

    @Test
    void benchmarkLoadGeneratorCountsEveryDeliveryOnBothTransports() throws Exception {
        for (Transport transport : Transport.values()) {
            Scenario.Report report = Scenario.run(Scenario.Plan.smoke(base.toURI(), transport, "bench", 4, 50, "it-secret"));
            Scenario.Step step = report.steps().get(0);
            assertEquals(4, report.established(), transport + ": " + report.errors());
            assertEquals(50, step.sent(), transport + ": " + step);
            assertEquals(200, step.received(), transport + ": " + step);
            assertEquals(0, step.lost() + step.duplicates() + step.reorders() + step.publishErrors(), transport + ": " + step);
            assertEquals(0, report.dropped(), transport + ": " + report.errors());
            http.awaitSubscribers("bench", 0, WAIT);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                response.headers().toString());
        JsonObject problem = Http.json(response.body());
        assertEquals(code, problem.getString("code"));
        assertEquals(status, problem.getInt("status"));
        assertTrue(!problem.getString("detail").isBlank());
    }

    /** Skips what a latest channel may send first (its current value) up to the expected message. */
    private static SseConnection.Event nextWithData(SseConnection sse, String data) throws InterruptedException {
        for (;;) {
            SseConnection.Event e = sse.next(WAIT);
            if (e.data().equals(data)) {
                return e;
            }
        }
    }

    private static JsonObject nextWithData(WsConnection ws, String data) throws InterruptedException {
        for (;;) {
            JsonObject f = ws.next(WAIT);
            if (f.getString("data").equals(data)) {
                return f;
            }
        }
    }
}
