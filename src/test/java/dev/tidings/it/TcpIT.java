package dev.tidings.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tidings.Eventually;
import dev.tidings.it.support.Deployments;
import dev.tidings.it.support.Http;
import dev.tidings.it.support.SseConnection;
import dev.tidings.it.support.TcpClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The TCP line protocol in a real container, with plain {@link java.net.Socket} clients: the listener the
 * application opens on {@code tidings.tcp.port} (17567 in {@code it-config.properties}).
 */
@ExtendWith(ArquillianExtension.class)
class TcpIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int PORT = 17567;
    /** The TCP port of the second, redeployed application. */
    private static final int SECOND_PORT = 17568;

    @ArquillianResource
    @OperateOnDeployment("tidings")
    URL base;
    @ArquillianResource
    Deployer deployer;

    private Http http;

    @Deployment(name = "tidings", testable = false)
    static WebArchive deployment() {
        return Deployments.tidingsWithTestApp();
    }

    /** The same application under another context root and TCP port, deployed and undeployed by a test. */
    @Deployment(name = "second", managed = false, testable = false)
    static WebArchive second() {
        return Deployments.tidingsWithTestApp("second", SECOND_PORT);
    }

    @BeforeEach
    void setUp() {
        http = new Http(base);
    }

    @Test
    void subscriberReceivesPublishedMessagesInOrderAfterItsOk() throws Exception {
        try (TcpClient client = TcpClient.connect(PORT)) {
            assertEquals("OK", client.call("SUBSCRIBE orders", WAIT));
            http.awaitSubscribers("orders", 1, WAIT);
            List<String> ids = publishFromEjb("orders", "tcp", 50);
            List<String> lines = client.take(50, WAIT);
            for (int i = 0; i < 50; i++) {
                assertEquals("MESSAGE orders " + ids.get(i) + " tcp-" + i, lines.get(i));
            }
        }
        http.awaitSubscribers("orders", 0, WAIT);
    }

    @Test
    void oneConnectionServesSeveralChannelsAndUnsubscribes() throws Exception {
        HttpResponse<String> current = http.post("/api/test/rest/prices?data=41.5", null, new byte[0]);
        assertEquals(200, current.statusCode());
        try (TcpClient client = TcpClient.connect(PORT)) {
            assertEquals("OK", client.call("SUBSCRIBE orders", WAIT));
            assertEquals("OK", client.call("subscribe prices", WAIT));
            assertEquals("MESSAGE prices " + current.body() + " 41.5", client.next(WAIT), "latest: the current value at once");
            http.awaitSubscribers("orders", 1, WAIT);

            String order = publishFromEjb("orders", "o", 1).get(0);
            assertEquals("MESSAGE orders " + order + " o-0", client.next(WAIT));
            String tick = http.post("/api/test/rest/prices?event=tick&data=42", null, new byte[0]).body();
            assertEquals("EVENT prices " + tick + " tick 42", client.next(WAIT), "an event name makes an EVENT line");

            assertEquals("OK", client.call("UNSUBSCRIBE orders", WAIT));
            http.awaitSubscribers("orders", 0, WAIT);
            publishFromEjb("orders", "gone", 3);
            String after = http.post("/api/test/rest/prices?data=43", null, new byte[0]).body();
            assertEquals("MESSAGE prices " + after + " 43", client.next(WAIT));
            assertEquals("PONG", client.call("PING", WAIT), "nothing of the unsubscribed channel arrived");
            assertEquals("OK", client.call("QUIT", WAIT));
            assertEquals(List.of(), client.drainUntilEnd(WAIT), "QUIT closes the connection after its OK");
        }
        http.awaitSubscribers("prices", 0, WAIT);
    }

    @Test
    void publishOverTcpNeedsTheTokenAndReachesSseAndTcpSubscribers() throws Exception {
        try (TcpClient publisher = TcpClient.connect(PORT);
             TcpClient subscriber = TcpClient.connect(PORT);
             SseConnection sse = SseConnection.open(base, "/api/channels/wire/events")) {
            assertEquals("OK", subscriber.call("SUBSCRIBE wire", WAIT));
            http.awaitSubscribers("wire", 2, WAIT);
            assertEquals("ERR unauthorized publishing needs 'AUTH <tidings.publish.http.token>' first",
                    publisher.call("PUBLISH wire hello", WAIT));
            assertEquals("ERR unauthorized wrong token; send AUTH <tidings.publish.http.token>", publisher.call("AUTH guess", WAIT));
            assertEquals("OK", publisher.call("AUTH it-secret", WAIT));

            String reply = publisher.call("PUBLISH wire line one\\nline two \\\\o/", WAIT);
            assertTrue(reply.startsWith("OK "), reply);
            String id = reply.substring(3);
            assertEquals(new SseConnection.Event(id, null, "line one\nline two \\o/"), sse.next(WAIT));
            assertEquals("MESSAGE wire " + id + " line one\\nline two \\\\o/", subscriber.next(WAIT));

            assertEquals("ERR payload-too-large payload of 1025 bytes is over tidings.publish.max-bytes (1024)",
                    publisher.call("PUBLISH wire " + "x".repeat(1025), WAIT));
            assertEquals("ERR bad-request invalid escape at character 2 of the payload: a backslash is followed by another backslash, n (LF) or r (CR)",
                    publisher.call("PUBLISH wire a\\tb", WAIT));
        }
    }

    @Test
    void resumesAfterALastIdOnAHistoryChannelAndReportsGaps() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(Http.json(http.publish("history", "text/plain", "h" + i).body()).getString("id"));
        }
        try (TcpClient client = TcpClient.connect(PORT)) {
            assertEquals("OK", client.call("SUBSCRIBE history " + ids.get(3), WAIT));
            List<String> lines = client.take(6, WAIT);
            for (int i = 4; i < 10; i++) {
                assertEquals("MESSAGE history " + ids.get(i) + " h" + i, lines.get(i - 4));
            }
            String live = Http.json(http.publish("history", "text/plain", "live").body()).getString("id");
            assertEquals("MESSAGE history " + live + " live", client.next(WAIT));

            assertEquals("OK", client.call("SUBSCRIBE short zzzz-3", WAIT));
            String gap = client.next(WAIT);
            assertTrue(gap.startsWith("EVENT short "), gap);
            assertTrue(gap.contains(" tidings-gap {\"reason\":\"unknown-epoch\",\"requested\":\"zzzz-3\""), gap);
        }
    }

    @Test
    void badCommandsGetPreciseErrLinesAndTheConnectionGoesOn() throws Exception {
        String last = Http.json(http.publish("history", "text/plain", "x").body()).getString("id");
        String ahead = last.substring(0, last.indexOf('-')) + "-999999";
        try (TcpClient client = TcpClient.connect(PORT)) {
            assertEquals("ERR unknown-channel unknown channel 'nope': declare it with tidings.channels.nope.store=latest|queue|history",
                    client.call("SUBSCRIBE nope", WAIT));
            assertEquals("ERR bad-request invalid channel name; names match [A-Za-z0-9._-]{1,128}", client.call("SUBSCRIBE a/b", WAIT));
            assertEquals("ERR bad-request invalid Last-Event-ID 'bad!id': send an id received from this channel (<epoch>-<offset>, e.g. mwr9x0sxi1-42)",
                    client.call("SUBSCRIBE history bad!id", WAIT));
            assertTrue(client.call("SUBSCRIBE history " + ahead, WAIT).startsWith("ERR bad-request Last-Event-ID " + ahead + " is ahead of channel history"));
            assertEquals("OK", client.call("SUBSCRIBE orders", WAIT));
            assertEquals("ERR bad-request already subscribed to orders; UNSUBSCRIBE it first", client.call("SUBSCRIBE orders", WAIT));
            assertEquals("OK", client.call("UNSUBSCRIBE orders", WAIT));
            assertEquals("ERR bad-request not subscribed to orders", client.call("UNSUBSCRIBE orders", WAIT));
            assertEquals("ERR bad-request unknown command 'HELLO'; commands: SUBSCRIBE, UNSUBSCRIBE, PUBLISH, AUTH, PING, QUIT",
                    client.call("HELLO", WAIT));
            assertEquals("ERR bad-request unknown command 'GET'; commands: SUBSCRIBE, UNSUBSCRIBE, PUBLISH, AUTH, PING, QUIT",
                    client.call("GET / HTTP/1.1", WAIT));
            client.sendRaw(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, '\r', '\n'});
            assertEquals("ERR bad-request line is not valid UTF-8", client.next(WAIT));
            assertEquals("ERR bad-request usage: SUBSCRIBE <channel> [last-id] (arguments separated by one space)", client.call("SUBSCRIBE", WAIT));
            client.send("");
            assertEquals("PONG", client.call("PING", WAIT), "an empty line asks nothing, and the connection still serves");
        }
    }

    @Test
    void anOverLongLineEndsOnlyItsConnection() throws Exception {
        try (TcpClient hostile = TcpClient.connect(PORT); TcpClient other = TcpClient.connect(PORT)) {
            byte[] garbage = new byte[6000];
            Arrays.fill(garbage, (byte) 'A');
            hostile.sendRaw(garbage);
            assertEquals(List.of("ERR payload-too-large line longer than 4096 bytes (tidings.tcp.max-line); closing the connection"),
                    hostile.drainUntilEnd(WAIT));
            assertEquals("PONG", other.call("PING", WAIT));
        }
    }

    @Test
    void clientsThatNeverReadNeitherDelayNorCostMessagesToAFastOne() throws Exception {
        int count = 1000;
        try (TcpClient stalled = TcpClient.connect(PORT, 4096);
             TcpClient flooding = TcpClient.connect(PORT, 4096);
             TcpClient fast = TcpClient.connect(PORT)) {
            // A subscriber that never reads its socket, and a client that sends commands but never reads the replies.
            stalled.send("SUBSCRIBE bulk");
            Thread flood = new Thread(() -> {
                byte[] pings = "PING\r\n".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
                try {
                    for (int i = 0; i < 10; i++) {
                        flooding.sendRaw(pings); // blocks once the server stops reading; the close below ends it
                    }
                } catch (IOException e) {
                    // closed by the test
                }
            }, "tcp-flood");
            flood.start();
            assertEquals("OK", fast.call("SUBSCRIBE bulk", WAIT));
            http.awaitSubscribers("bulk", 2, WAIT);
            // 1000 x 16 KiB = 16 MB, one message per 3 ms: the fast client keeps up; the stalled one fills its socket
            // buffers, then its 384-message buffer, and is disconnected (overflow=disconnect).
            // Published from another thread: this one reads, as a fast client does.
            CompletableFuture<List<String>> published = CompletableFuture.supplyAsync(() -> publishFromEjbSized("bulk", "bulk", count, 16384, 3));
            List<String> lines = fast.take(count, Duration.ofSeconds(60));
            List<String> ids = published.get(60, TimeUnit.SECONDS);
            for (int i = 0; i < count; i++) {
                assertTrue(lines.get(i).startsWith("MESSAGE bulk " + ids.get(i) + " bulk-" + i + "."), "message " + i + " in order");
            }
            http.awaitSubscribers("bulk", 1, WAIT);
            assertEquals("PONG", fast.call("PING", WAIT));
            flooding.close();
            flood.join(WAIT.toMillis());
            assertTrue(!flood.isAlive(), "the flooding client's writes ended with its socket");
        }
        http.awaitSubscribers("bulk", 0, WAIT);
    }

    @Test
    void theListenerReleasesItsPortWhenTheApplicationIsUndeployed() throws Exception {
        assumeTrue("liberty".equals(System.getProperty("tidings.it.server")),
                "Payara Micro's Arquillian adapter runs one application per JVM: there, undeploying ends the JVM");
        deployer.deploy("second");
        boolean deployed = true;
        try {
            try (TcpClient client = TcpClient.connect(SECOND_PORT)) {
                assertEquals("OK", client.call("SUBSCRIBE orders", WAIT));
                deployed = false;
                deployer.undeploy("second");
                List<String> last = client.drainUntilEnd(WAIT);
                assertEquals(1, last.size(), "one last line, then the end: " + last);
                assertTrue(last.get(0).startsWith("ERR shutting-down "), last.get(0));
            }
            Eventually.await("port " + SECOND_PORT + " to be released", WAIT, () -> refused(SECOND_PORT));
            deployer.deploy("second");
            deployed = true;
            try (TcpClient client = TcpClient.connect(SECOND_PORT)) {
                assertEquals("PONG", client.call("PING", WAIT), "the redeployed application listens on the same port");
            }
        } finally {
            if (deployed) {
                deployer.undeploy("second");
            }
        }
    }

    private static boolean refused(int port) throws IOException {
        try (TcpClient ignored = TcpClient.connect(port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        }
    }

    private List<String> publishFromEjb(String channel, String prefix, int count) throws Exception {
        return publishFromEjbSized(channel, prefix, count, 0, 0);
    }

    private List<String> publishFromEjbSized(String channel, String prefix, int count, int size, int pause) {
        try {
            HttpResponse<String> published = http.post("/api/test/ejb/" + channel + "?prefix=" + prefix + "&count=" + count
                    + "&size=" + size + "&pause=" + pause, null, new byte[0]);
            assertEquals(200, published.statusCode(), published.body());
            return Arrays.asList(published.body().split(","));
        } catch (Exception e) {
            throw new AssertionError("publishing failed", e);
        }
    }
}
