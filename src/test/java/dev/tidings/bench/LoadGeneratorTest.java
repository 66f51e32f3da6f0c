package dev.tidings.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.Eventually;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The load generator against the in-process baseline broadcaster: it counts every delivery on both transports,
 * and a server that loses or repeats messages is caught. (Against Tidings it runs in TidingsIT.)
 */
class LoadGeneratorTest {

    @Test
    void countsEveryDeliveryOverSseAndWebSocket() throws Exception {
        try (BaselineServer server = new BaselineServer(0).start()) {
            URI uri = URI.create("http://127.0.0.1:" + server.port());
            for (Transport t : Transport.values()) {
                Scenario.Report r = Scenario.run(Scenario.Plan.smoke(uri, t, "bench", 5, 40, null));
                Scenario.Step s = r.steps().get(0);
                assertEquals(5, r.established(), t + ": " + r.errors());
                assertEquals(40, s.sent(), t.name());
                assertEquals(200, s.expected(), t.name());
                assertEquals(200, s.received(), t.name());
                assertEquals(0, s.lost() + s.duplicates() + s.reorders(), t.name());
                assertTrue(s.p50() > 0 && s.p50() <= s.p99() && s.p99() <= s.max(), t + ": " + s);
                assertTrue(s.generatorCores() > 0 && s.generatorMicrosPerDelivery() > 0, t + ": " + s);
                assertEquals(-1, s.serverCores(), "no server pid given");
                // the subscribers of the first run closed; the next run starts on its own
                Eventually.require("the baseline's subscribers to close", Duration.ofSeconds(5), server::subscriberCount, n -> n == 0);
            }
        }
    }

    @Test
    void reportsLossAndDuplicates() throws Exception {
        try (BaselineServer server = new BaselineServer(0).sabotage(10).start()) {
            URI uri = URI.create("http://127.0.0.1:" + server.port());
            Scenario.Report r = Scenario.run(Scenario.Plan.smoke(uri, Transport.SSE, "bench", 3, 50, null));
            Scenario.Step s = r.steps().get(0);
            assertEquals(150, s.expected());
            // ids 1..50: the first subscriber misses 10, 20, 30, 40, 50 and gets 11, 21, 31, 41 twice
            assertEquals(5, s.lost(), s.toString());
            assertEquals(4, s.duplicates(), s.toString());
            assertTrue(!s.clean(Long.MAX_VALUE));
        }
    }

    @Test
    void readsCpuTimeOfAProcessFromProc() {
        long pid = ProcessHandle.current().pid();
        long before = Scenario.cpuNanos(pid);
        assertTrue(before > 0, "cpu time of this JVM: " + before);
        long spin = System.nanoTime() + 300_000_000L;
        long x = 0;
        while (System.nanoTime() < spin) {
            x += Long.numberOfTrailingZeros(x + System.nanoTime());
        }
        long after = Scenario.cpuNanos(pid);
        assertTrue(after - before >= 100_000_000L, "300 ms of spinning counted " + (after - before) + " ns (" + x + ")");
        assertEquals(-1, Scenario.cpuNanos(0));
        assertEquals(-1, Scenario.cpuNanos(Long.MAX_VALUE));
    }

    @Test
    void readsLiveHeapAndTidingsShareFromAClassHistogram() {
        List<String> histogram = List.of(
                "12345:",
                " num     #instances         #bytes  class name (module)",
                "-------------------------------------------------------",
                "   1:        279479       45733656  [B (java.base@17.0.15)",
                "  76:         10000         480000  [Ldev.tidings.spi.Envelope;",
                "  77:         10000         480000  dev.tidings.core.Subscription",
                "  78:            10            400  org.example.tidings.NotOurs",
                "Total       5515517      289451416");
        Scenario.Heap heap = Scenario.parseHistogram(histogram);
        assertEquals(289_451_416L, heap.liveBytes());
        assertEquals(960_000L, heap.tidingsBytes());
        assertEquals(null, Scenario.parseHistogram(List.of("12345:", "Could not attach")));
        assertEquals(null, Scenario.heap(0));
    }

    @Test
    void measuresTheLiveHeapOfARunningJvm() {
        Scenario.Heap heap = Scenario.heap(ProcessHandle.current().pid());
        assertTrue(heap != null && heap.liveBytes() > 1_000_000, "live heap of this JVM: " + heap);
    }

    @Test
    void scannerFindsPayloadsSplitAnywhereAndIgnoresNoise() {
        byte[] stream = ("id: e-1\ndata: " + new String(Payload.of(2, 7, 123456, 40), StandardCharsets.US_ASCII)
                + "\n\n@x@1.@ @3.4@ id: @1.2.3\n@5.6.789@").getBytes(StandardCharsets.US_ASCII);
        Payload.Scanner scanner = new Payload.Scanner();
        StringBuilder found = new StringBuilder();
        for (byte b : stream) {
            if (scanner.feed(b)) {
                found.append(scanner.step()).append('/').append(scanner.seq()).append('/').append(scanner.nanos()).append(' ');
            }
        }
        assertEquals("2/7/123456 5/6/789 ", found.toString());
        assertEquals(40, Payload.of(2, 7, 123456, 40).length);
    }

    @Test
    void histogramPercentilesAreWithinTwoPercent() {
        Histogram h = new Histogram();
        for (int v = 1; v <= 100_000; v++) {
            h.record(v);
        }
        assertEquals(100_000, h.count());
        assertEquals(100_000, h.max());
        assertNear(50_000, h.percentile(0.50));
        assertNear(99_000, h.percentile(0.99));
        assertEquals(100_000, h.percentile(1.0));
        Histogram small = new Histogram();
        small.record(3);
        small.record(40);
        assertEquals(3, small.percentile(0.5));
        assertEquals(40, small.percentile(0.99));
    }

    private static void assertNear(long expected, long actual) {
        assertTrue(Math.abs(actual - expected) <= expected / 50, "expected about " + expected + ", got " + actual);
    }
}
