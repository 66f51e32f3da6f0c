package dev.tidings.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tidings.Eventually;
import dev.tidings.it.support.Http;
import dev.tidings.it.support.LibertyServer;
import dev.tidings.it.support.SseConnection;
import dev.tidings.it.support.TcpClient;
import dev.tidings.it.support.WsConnection;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Stopping the server ends subscriptions properly, so clients reconnect elsewhere and resume: the SSE stream
 * gets its last chunk, the WebSocket a 1001 close, a TCP client an {@code ERR shutting-down} line. Each case runs the built WAR with its demo configuration on
 * its own server process, not the Arquillian one:
 * <ul>
 *   <li>Payara Micro stops on SIGTERM without undeploying (the registry's shutdown hook ends the subscriptions);
 *   <li>OpenLiberty's {@code server stop} quiesces the HTTP endpoint before it stops the application (the
 *       registry watches for the stop and ends them first).
 * </ul>
 */
class GracefulShutdownIT {
    private static final int PORT = 18091;
    private static final int LIBERTY_PORT = 19181;
    /** The demo configuration opens the TCP listener; each server here gets its own port for it. */
    private static final int TCP_PORT = 18092;
    private static final int LIBERTY_TCP_PORT = 19182;
    private static final String LIBERTY_SERVER = "tidings-shutdown";
    private static final String GOING_AWAY = "1001 shutting-down: server is shutting down; reconnect";

    @Test
    void sigtermEndsSseStreamsAndClosesWebSocketsWithGoingAway() throws Exception {
        assumeTrue("payara".equals(System.getProperty("tidings.it.server")), "runs with the Payara Micro integration tests");
        Path log = Files.createTempFile("tidings-shutdown", ".log");
        Process payara = new ProcessBuilder(new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx384m",
                "-Dtidings.tcp.port=" + TCP_PORT, "-jar", "target/payara-micro.jar", "--nohazelcast", "--port", String.valueOf(PORT), "--contextroot", "/",
                "--prebootcommandfile", "server-config/payara/preboot.asadmin", "--deploy", "target/tidings.war")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            URL base = new URL("http://127.0.0.1:" + PORT + "/");
            Http http = new Http(base);
            awaitUp(http, payara, log);
            try (SseConnection sse = SseConnection.open(base, "/api/channels/ticker/events");
                 WsConnection ws = WsConnection.open(base, "/ws/channels/ticker");
                 WsConnection chat = WsConnection.open(base, "/ws/chat");
                 TcpClient tcp = TcpClient.connect(TCP_PORT)) {
                assertEquals("OK", tcp.call("SUBSCRIBE ticker", Duration.ofSeconds(20)));
                http.awaitSubscribers("ticker", 3, Duration.ofSeconds(20));
                chat.emit("join", "{\"room\":\"lobby\",\"name\":\"x\"}");
                assertEquals("joined", chat.next(Duration.ofSeconds(20)).getString("event"), "the event socket is open");
                payara.destroy(); // SIGTERM
                assertTrue(payara.waitFor(60, TimeUnit.SECONDS), "Payara Micro stopped");
                assertEquals(GOING_AWAY, ws.awaitClose(Duration.ofSeconds(20)));
                assertEquals(GOING_AWAY, chat.awaitClose(Duration.ofSeconds(20)), "event sockets close with 1001 too");
                sse.drainUntilEnd(Duration.ofSeconds(20));
                assertTrue(sse.endedCleanly(), "the SSE stream got its last chunk, it was not cut");
                assertEndsWithShuttingDown(tcp);
            }
        } finally {
            payara.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    /**
     * {@code server stop} on OpenLiberty: the stop waits (up to 30 s) for requests in flight and then cuts every
     * connection, before the application is stopped. Both subscriptions must end properly all the same.
     */
    @Test
    void libertyServerStopEndsSseStreamsAndClosesWebSocketsWithGoingAway() throws Exception {
        assumeTrue("liberty".equals(System.getProperty("tidings.it.server")), "runs with the OpenLiberty integration tests");
        LibertyServer server = LibertyServer.create(LIBERTY_SERVER, LIBERTY_PORT, List.of("-Dtidings.tcp.port=" + LIBERTY_TCP_PORT));
        Path log = server.log();
        try {
            server.start();
            URL base = new URL("http://127.0.0.1:" + LIBERTY_PORT + "/");
            Http http = new Http(base);
            awaitUp(http, null, log);
            try (SseConnection sse = SseConnection.open(base, "/api/channels/ticker/events");
                 WsConnection ws = WsConnection.open(base, "/ws/channels/ticker");
                 TcpClient tcp = TcpClient.connect(LIBERTY_TCP_PORT)) {
                assertEquals("OK", tcp.call("SUBSCRIBE ticker", Duration.ofSeconds(20)));
                http.awaitSubscribers("ticker", 3, Duration.ofSeconds(20));
                Process stop = server.stop();
                assertEquals(GOING_AWAY, ws.awaitClose(Duration.ofSeconds(60)),
                        () -> "WebSocket close; server log:\n" + tailOrEmpty(log));
                sse.drainUntilEnd(Duration.ofSeconds(60));
                assertTrue(sse.endedCleanly(), "the SSE stream got its last chunk, it was not cut");
                assertEndsWithShuttingDown(tcp);
                assertTrue(stop.waitFor(90, TimeUnit.SECONDS), "OpenLiberty stopped");
                assertEquals(0, stop.exitValue(), "server stop");
            }
        } finally {
            server.forceStop(); // no-op when already stopped
        }
    }

    /** A TCP subscriber is told, then the connection ends: the last line is {@code ERR shutting-down ...}. */
    private static void assertEndsWithShuttingDown(TcpClient tcp) throws IOException {
        List<String> lines = tcp.drainUntilEnd(Duration.ofSeconds(20));
        assertTrue(!lines.isEmpty() && lines.get(lines.size() - 1).startsWith("ERR shutting-down "), "TCP ended with: " + lines);
    }

    private static String tailOrEmpty(Path log) {
        try {
            return String.join("\n", tail(log));
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    /** Waits until the WAR answers; {@code process} (when there is one) must stay alive meanwhile. */
    private static void awaitUp(Http http, Process process, Path log) throws Exception {
        Eventually.await("the server to serve the WAR", Duration.ofSeconds(120), () -> {
            if (process != null && !process.isAlive()) {
                throw new AssertionError("the server exited: " + String.join("\n", tail(log)));
            }
            try {
                return http.get("/api/channels").statusCode() == 200;
            } catch (IOException e) {
                return false; // not listening yet
            }
        });
    }

    private static List<String> tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return lines.subList(Math.max(0, lines.size() - 20), lines.size());
    }
}
