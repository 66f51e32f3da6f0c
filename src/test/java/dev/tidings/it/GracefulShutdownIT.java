package dev.tidings.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tidings.Eventually;
import dev.tidings.it.support.Http;
import dev.tidings.it.support.SseConnection;
import dev.tidings.it.support.WsConnection;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Stopping the server ends subscriptions properly, so clients reconnect elsewhere and resume: the SSE stream
 * gets its last chunk, the WebSocket a 1001 close. Payara Micro stops on SIGTERM without undeploying, which
 * is the case this covers (the registry's shutdown hook); the server is the built WAR with its demo
 * configuration, started here as its own process and stopped with SIGTERM.
 */
class GracefulShutdownIT {
    private static final int PORT = 18091;

    @Test
    void sigtermEndsSseStreamsAndClosesWebSocketsWithGoingAway() throws Exception {
        assumeTrue("payara".equals(System.getProperty("tidings.it.server")), "runs with the Payara Micro integration tests");
        Path log = Files.createTempFile("tidings-shutdown", ".log");
        Process payara = new ProcessBuilder(new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx384m",
                "-jar", "target/payara-micro.jar", "--nohazelcast", "--port", String.valueOf(PORT), "--contextroot", "/",
                "--prebootcommandfile", "server-config/payara/preboot.asadmin", "--deploy", "target/tidings.war")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            URL base = new URL("http://127.0.0.1:" + PORT + "/");
            Http http = new Http(base);
            awaitUp(http, payara, log);
            try (SseConnection sse = SseConnection.open(base, "/api/channels/ticker/events");
                 WsConnection ws = WsConnection.open(base, "/ws/channels/ticker")) {
                http.awaitSubscribers("ticker", 2, Duration.ofSeconds(20));
                payara.destroy(); // SIGTERM
                assertTrue(payara.waitFor(60, TimeUnit.SECONDS), "Payara Micro stopped");
                assertEquals("1001 shutting-down: server is shutting down; reconnect", ws.awaitClose(Duration.ofSeconds(20)));
                sse.drainUntilEnd(Duration.ofSeconds(20));
                assertTrue(sse.endedCleanly(), "the SSE stream got its last chunk, it was not cut");
            }
        } finally {
            payara.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    private static void awaitUp(Http http, Process payara, Path log) throws Exception {
        Eventually.await("Payara Micro to serve the WAR", Duration.ofSeconds(120), () -> {
            if (!payara.isAlive()) {
                throw new AssertionError("Payara Micro exited: " + String.join("\n", tail(log)));
            }
            try {
                return http.get("/api/channels").statusCode() == 200;
            } catch (java.io.IOException e) {
                return false; // not listening yet
            }
        });
    }

    private static List<String> tail(Path log) throws java.io.IOException {
        List<String> lines = Files.readAllLines(log);
        return lines.subList(Math.max(0, lines.size() - 20), lines.size());
    }
}
