package dev.tidings.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tidings.Eventually;
import dev.tidings.TestRedis;
import dev.tidings.it.support.Http;
import dev.tidings.it.support.LibertyServer;
import dev.tidings.it.support.SseConnection;
import dev.tidings.it.support.TcpClient;
import dev.tidings.it.support.WsConnection;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Tidings instances sharing channels through one real redis-server: publish on A, receive on B; an
 * external {@code PUBLISH} reaching both; resume on B with an id from A; the shared latest value; and Redis
 * going down and coming back mid-stream. In the Payara run the instances are two Payara Micro processes, in
 * the OpenLiberty run two Liberty servers, each running the built WAR (servers of its own, not Arquillian's).
 */
class ClusterIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int REDIS_PORT = 16391;
    private static final int PORT_A = 18093;
    private static final int PORT_B = 18094;
    private static final int TCP_A = 18095;
    private static final int LIBERTY_PORT_A = 19183;
    private static final int LIBERTY_PORT_B = 19184;

    private static TestRedis redis;
    private static Instance a;
    private static Instance b;

    /** One server running the WAR with the shared channels declared by system properties. */
    record Instance(Process process, LibertyServer liberty, Path log, URL base, Http http) {
        /** The system properties of every instance: the shared channels and where Redis is. */
        static List<String> properties(int tcpPort) {
            return List.of("-Dtidings.redis.uri=redis://127.0.0.1:" + REDIS_PORT, "-Dtidings.redis.connect-timeout=1s",
                    "-Dtidings.heartbeat=1s", // clients that left are noticed fast
                    "-Dtidings.channels.cq.store=queue", "-Dtidings.channels.cq.broker=redis",
                    "-Dtidings.channels.cx.store=queue", "-Dtidings.channels.cx.broker=redis",
                    "-Dtidings.channels.cd.store=history", "-Dtidings.channels.cd.broker=redis",
                    "-Dtidings.channels.cl.store=latest", "-Dtidings.channels.cl.broker=redis",
                    "-Dtidings.channels.ch.store=history", "-Dtidings.channels.ch.broker=redis", "-Dtidings.channels.ch.history-size=200",
                    "-Dtidings.tcp.enabled=" + (tcpPort > 0), "-Dtidings.tcp.port=" + Math.max(1, tcpPort));
        }

        static Instance payara(int port, int tcpPort) throws IOException {
            Path log = Files.createTempFile("tidings-cluster-" + port, ".log");
            List<String> command = new ArrayList<>(List.of(new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx384m"));
            command.addAll(properties(tcpPort));
            command.addAll(List.of("-jar", "target/payara-micro.jar", "--nohazelcast", "--port", String.valueOf(port), "--contextroot", "/",
                    "--prebootcommandfile", "server-config/payara/preboot.asadmin", "--deploy", "target/tidings.war"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            URL base = new URL("http://127.0.0.1:" + port + "/");
            return new Instance(process, null, log, base, new Http(base));
        }

        static Instance liberty(String name, int port, int tcpPort) throws Exception {
            LibertyServer server = LibertyServer.create(name, port, properties(tcpPort)).start();
            URL base = new URL("http://127.0.0.1:" + port + "/");
            return new Instance(null, server, server.log(), base, new Http(base));
        }

        void awaitUp() throws Exception {
            Eventually.await("instance on " + base + " to serve", Duration.ofSeconds(150), () -> {
                if (process != null && !process.isAlive()) {
                    throw new AssertionError("Payara Micro exited: " + String.join("\n", Files.readAllLines(log)));
                }
                try { // ready: Redis reachable and every shared channel caught up
                    return http.get("/health/ready").statusCode() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
        }

        String publish(String channel, String data) throws Exception {
            HttpResponse<String> r = http.post("/api/channels/" + channel, "text/plain", data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(202, r.statusCode(), r.body());
            return Http.json(r.body()).getString("id");
        }

        String brokerStatus(String channel) throws Exception {
            return Http.json("{\"a\":" + http.get("/api/channels").body() + "}").getJsonArray("a").stream()
                    .map(v -> v.asJsonObject()).filter(c -> c.getString("name").equals(channel))
                    .map(c -> c.getString("brokerStatus")).findFirst().orElseThrow();
        }

        void stop() throws Exception {
            if (process != null) {
                process.destroyForcibly();
                Files.deleteIfExists(log);
            } else {
                liberty.forceStop();
            }
        }
    }

    @BeforeAll
    static void startCluster() throws Exception {
        String server = System.getProperty("tidings.it.server");
        assumeTrue("payara".equals(server) || "liberty".equals(server), "runs with the integration tests");
        redis = new TestRedis(REDIS_PORT).start();
        if ("payara".equals(server)) {
            a = Instance.payara(PORT_A, TCP_A);
            b = Instance.payara(PORT_B, 0);
        } else {
            a = Instance.liberty("tidings-cluster-a", LIBERTY_PORT_A, TCP_A);
            b = Instance.liberty("tidings-cluster-b", LIBERTY_PORT_B, 0);
        }
        a.awaitUp();
        b.awaitUp();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (Instance i : new Instance[] {a, b}) {
            if (i != null) {
                i.stop();
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aMessagePublishedOnAReachesSseAndWebSocketSubscribersOnBInOrder() throws Exception {
        try (SseConnection sseB = SseConnection.open(b.base(), "/api/channels/cq/events");
             WsConnection wsB = WsConnection.open(b.base(), "/ws/channels/cq");
             SseConnection sseA = SseConnection.open(a.base(), "/api/channels/cq/events")) {
            b.http().awaitSubscribers("cq", 2, WAIT);
            a.http().awaitSubscribers("cq", 1, WAIT);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add((i < 15 ? a : b).publish("cq", "m" + i));
            }
            List<SseConnection.Event> onB = sseB.take(20, WAIT);
            List<JsonObject> framesB = wsB.take(20, WAIT);
            List<SseConnection.Event> onA = sseA.take(20, WAIT);
            for (int i = 0; i < 20; i++) {
                assertEquals(new SseConnection.Event(ids.get(i), null, "m" + i), onB.get(i));
                assertEquals(ids.get(i), framesB.get(i).getString("id"));
                assertEquals(onB.get(i), onA.get(i), "the same ids on both instances");
            }
        }
    }

    @Test
    void anExternalRedisPublishReachesSseWebSocketAndTcpSubscribersOnBothInstances() throws Exception {
        try (SseConnection sseA = SseConnection.open(a.base(), "/api/channels/cx/events");
             WsConnection wsB = WsConnection.open(b.base(), "/ws/channels/cx");
             TcpClient tcpA = TcpClient.connect(TCP_A)) {
            assertEquals("OK", tcpA.call("SUBSCRIBE cx", WAIT));
            a.http().awaitSubscribers("cx", 2, WAIT);
            b.http().awaitSubscribers("cx", 1, WAIT);
            redisCommand(c -> c.sync().publish("tidings:cx", "follow the white rabbit"));

            SseConnection.Event event = sseA.next(WAIT);
            assertEquals("follow the white rabbit", event.data());
            JsonObject frame = wsB.next(WAIT);
            assertEquals(event.id(), frame.getString("id"), "one id on every instance");
            assertEquals("follow the white rabbit", frame.getString("data"));
            assertEquals("MESSAGE cx " + event.id() + " follow the white rabbit", tcpA.next(WAIT));
        }
    }

    @Test
    void aClientResumesOnBWithAnIdFromA() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(a.publish("ch", "h" + i));
        }
        try (SseConnection resumed = SseConnection.open(b.base(), "/api/channels/ch/events", "Last-Event-ID: " + ids.get(3))) {
            List<SseConnection.Event> events = resumed.take(6, WAIT);
            for (int i = 4; i < 10; i++) {
                assertEquals(new SseConnection.Event(ids.get(i), null, "h" + i), events.get(i - 4));
            }
            String live = a.publish("ch", "live");
            assertEquals(new SseConnection.Event(live, null, "live"), resumed.next(WAIT), "then live, nothing doubled");
        }
    }

    @Test
    void theLatestValueIsSharedByEveryInstance() throws Exception {
        try (SseConnection liveB = SseConnection.open(b.base(), "/api/channels/cl/events")) {
            b.http().awaitSubscribers("cl", 1, WAIT);
            a.publish("cl", "41");
            String id = a.publish("cl", "42");
            Eventually.await("B delivered 42", WAIT, () -> "42".equals(liveB.next(WAIT).data()));
            try (SseConnection newB = SseConnection.open(b.base(), "/api/channels/cl/events")) {
                assertEquals(new SseConnection.Event(id, null, "42"), newB.next(WAIT), "a new subscriber on B gets A's value at once");
            }
        }
    }

    @Test
    void whenRedisGoesDownPublishesAre503TheBrokerIsDownAndItRecoversByItself() throws Exception {
        try (SseConnection sseB = SseConnection.open(b.base(), "/api/channels/cd/events");
             SseConnection localB = SseConnection.open(b.base(), "/api/channels/ticker/events")) {
            b.http().awaitSubscribers("cd", 1, WAIT);
            String before = a.publish("cd", "before");
            assertEquals(before, sseB.next(WAIT).id());

            redis.stop();
            Eventually.await("A reports its broker down", WAIT, () -> "DOWN".equals(a.brokerStatus("cd")));
            assertEquals("UP", a.brokerStatus("ticker"), "local channels are not affected");
            HttpResponse<String> refused = a.http().post("/api/channels/cd", "text/plain", "lost?".getBytes());
            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals("broker-unavailable", Http.json(refused.body()).getString("code"));
            HttpResponse<String> health = a.http().get("/health/ready");
            assertEquals(503, health.statusCode(), health.body());
            assertTrue(health.body().contains("\"DOWN\""), health.body());
            assertTrue(localB.next(WAIT).data() != null, "B keeps serving its local channels");

            redis.start();
            Eventually.await("A reports its broker up again", Duration.ofSeconds(60), () -> "UP".equals(a.brokerStatus("cd")));
            Eventually.await("B reports its broker up again", Duration.ofSeconds(60), () -> "UP".equals(b.brokerStatus("cd")));
            assertEquals(200, a.http().get("/health/ready").statusCode());
            String after = a.publish("cd", "after");
            assertEquals(new SseConnection.Event(after, null, "after"), sseB.next(WAIT), "B's subscriber gets messages again");
        }
    }

    private static <T> T redisCommand(java.util.function.Function<StatefulRedisConnection<String, String>, T> command) {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return command.apply(c);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }
}
