package dev.tidings.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The standard benchmark: each scenario against a freshly started server, results in one Markdown file.
 * {@code mvn -Pbench package} runs it (see bench/README.md); by hand:
 * <pre>
 * java -cp target/test-classes dev.tidings.bench.Suite --war target/tidings.war --payara target/payara-micro.jar \
 *      --out target/bench/results.md [--only sse-1k,idle] [--jvm "-Xmx1g ..."] [--rates 50,100] [--step-seconds 10] [--jfr]
 * </pre>
 * Scenarios: {@code baseline} (the load generator against {@link BaselineServer}: its own ceiling),
 * {@code sse-1k}, {@code ws-1k} (1,000 subscribers, rising rates until p99 &gt; 100 ms or a loss),
 * {@code sse-10k} (10,000 subscribers at 10 messages/s), {@code idle} (100 subscribers at 10 messages/s).
 */
public final class Suite {
    /**
     * The production shape's JVM flags (docs/benchmarks.md). The parallel collector, not G1: fan-out makes
     * mostly short-lived garbage and keeps a small live set, and on this workload it gave a third more
     * deliveries per second than G1 and half the RSS per connection.
     */
    static final String DEFAULT_JVM = "-Xms512m -Xmx1g -XX:+UseParallelGC -Xss512k";
    static final int PORT = 18380;
    static final int BASELINE_PORT = 18480;
    /**
     * The idle scenario's warm-up rate: 10 s at 10 messages/s is only 100 publishes, too few for the JIT to
     * compile the publish path; a cold server answers in about twice the time (see docs/benchmarks.md).
     */
    static final double IDLE_WARMUP_RATE = 200;
    static final String RISING = "50,100,200,400,600,800,1000,1500,2000,3000";

    private Suite() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = LoadGenerator.options(args);
        Path out = Path.of(o.getOrDefault("out", "target/bench/results.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        List<String> only = o.containsKey("only") ? Arrays.asList(o.get("only").split(",")) : List.of();
        String jvm = o.getOrDefault("jvm", DEFAULT_JVM);
        double stepSeconds = Double.parseDouble(o.getOrDefault("step-seconds", "10"));
        List<Scenario.Report> reports = new ArrayList<>();
        StringBuilder md = new StringBuilder("# Tidings benchmark results\n\n");
        md.append("Run ").append(Instant.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ").append(System.getProperty("java.version")).append(". Server JVM flags: `")
                .append(jvm).append("`.\n\n");
        for (String name : List.of("baseline", "sse-1k", "ws-1k", "sse-10k", "idle")) {
            if (!only.isEmpty() && !only.contains(name)) {
                continue;
            }
            Scenario.Report report = name.equals("baseline") ? baseline(o, stepSeconds) : onPayara(name, o, jvm, out, stepSeconds);
            reports.add(report);
            md.append(Results.markdown(List.of(report)));
            Files.writeString(out, md.toString());
        }
        md.append(summary(reports));
        Files.writeString(out, md.toString());
        System.out.println(md);
        System.out.println("results written to " + out);
    }

    private static Scenario.Plan plan(String name, URI server, long pid, Map<String, String> o, double stepSeconds) {
        String transport = name.startsWith("ws") ? "ws" : "sse";
        return switch (name) {
            case "baseline", "sse-1k", "ws-1k" -> new Scenario.Plan(name, server, Transport.parse(transport),
                    "bench", 1000, rates(o.getOrDefault("rates", RISING)), stepSeconds, 10, 0, 64, 1, null, pid, true,
                    100_000);
            case "sse-10k" -> new Scenario.Plan(name, server, Transport.SSE, "bench", 10_000, List.of(10.0),
                    3 * stepSeconds, 10, 0, 64, 1, null, pid, false, 250_000);
            case "idle" -> new Scenario.Plan(name, server, Transport.SSE, "bench", 100, List.of(10.0),
                    3 * stepSeconds, 10, IDLE_WARMUP_RATE, 64, 1, null, pid, false, 100_000);
            default -> throw new IllegalArgumentException("no scenario " + name);
        };
    }

    private static List<Double> rates(String list) {
        List<Double> rates = new ArrayList<>();
        for (String r : list.split(",")) {
            rates.add(Double.parseDouble(r.trim()));
        }
        return rates;
    }

    /** The load generator against the trivial broadcaster, in a JVM of its own. */
    private static Scenario.Report baseline(Map<String, String> o, double stepSeconds) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                BaselineServer.class.getName(), Integer.toString(BASELINE_PORT))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + BASELINE_PORT);
            awaitUp(uri, server, 30);
            return Scenario.run(plan("baseline", uri, server.pid(), o, stepSeconds));
        } finally {
            stop(server);
        }
    }

    /** Tidings on Payara Micro, started fresh for the scenario. */
    private static Scenario.Report onPayara(String name, Map<String, String> o, String jvm, Path out, double stepSeconds)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(Arrays.asList(jvm.trim().split("\\s+")));
        if (o.containsKey("jfr")) {
            // a profile of the whole run, written when the server stops: jfr view hot-methods <file> (JDK 21+)
            cmd.add("-XX:StartFlightRecording=dumponexit=true,settings=profile,filename="
                    + out.toAbsolutePath().getParent().resolve(name + ".jfr"));
        }
        cmd.addAll(List.of(
                "-Dtidings.demo.enabled=false",
                "-Dtidings.tcp.enabled=false",
                "-Dtidings.publish.http.enabled=true",
                "-Dtidings.channels.bench.store=queue",
                "-jar", required(o, "payara"),
                "--nohazelcast", "--port", Integer.toString(PORT), "--contextroot", "/",
                "--prebootcommandfile", o.getOrDefault("preboot", "server-config/payara/preboot.asadmin"),
                "--deploy", required(o, "war")));
        File log = out.toAbsolutePath().getParent().resolve("payara-" + name + ".log").toFile();
        System.out.println("[" + name + "] starting Payara Micro: " + String.join(" ", cmd));
        Process server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + PORT);
            awaitUp(uri, server, 240);
            Thread.sleep(2000); // let the startup work settle before measuring the idle RSS
            return Scenario.run(plan(name, uri, server.pid(), o, stepSeconds));
        } finally {
            stop(server);
        }
    }

    private static String required(Map<String, String> o, String key) {
        String v = o.get(key);
        if (v == null || !new File(v).exists()) {
            throw new IllegalArgumentException("--" + key + " must name an existing file (got " + v + ")");
        }
        return v;
    }

    private static void awaitUp(URI server, Process process, int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue());
            }
            try (InputStream in = server.resolve("/api/channels").toURL().openStream()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (body.contains("\"bench\"")) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the server did not come up within " + seconds + " s");
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The targets of the benchmark issue, against what was measured. */
    static String summary(List<Scenario.Report> reports) {
        StringBuilder s = new StringBuilder("## Summary against the targets\n\n| scenario | target | measured | met |\n|---|---|---|---|\n");
        for (Scenario.Report r : reports) {
            String name = r.plan().name();
            Scenario.Step best = r.bestClean();
            Scenario.Step last = r.steps().isEmpty() ? null : r.steps().get(r.steps().size() - 1);
            switch (name) {
                case "baseline" -> s.append(row(name, "yardstick: a single-threaded NIO broadcaster (no target)",
                        best == null ? "none clean" : f("%.0f deliveries/s, p99 %s ms; load generator %.2f µs CPU per delivery",
                                best.deliveriesPerSecond(), Scenario.ms(best.p99()), best.generatorMicrosPerDelivery()), null));
                case "sse-1k", "ws-1k" -> s.append(row(name, "≥ 150,000 deliveries/s, p99 ≤ 100 ms, no loss",
                        best == null ? "no clean step" : f("%.0f deliveries/s, p99 %s ms (server %.2f cores, load generator %.2f cores, %.2f µs per delivery)",
                                best.deliveriesPerSecond(), Scenario.ms(best.p99()), best.serverCores(), best.generatorCores(),
                                best.generatorMicrosPerDelivery()),
                        best != null && best.deliveriesPerSecond() >= 150_000));
                case "sse-10k" -> {
                    long perConn = r.established() == 0 ? 0 : (r.rssConnectedKb() - r.rssBeforeKb()) * 1024 / r.established();
                    s.append(row(name, "100,000 deliveries/s, every delivery made, p99 ≤ 250 ms",
                            last == null ? "-" : f("%.0f deliveries/s, lost %d, p99 %s ms", last.deliveriesPerSecond(), last.lost(), Scenario.ms(last.p99())),
                            last != null && last.lost() == 0 && last.p99() <= 250_000 && r.established() == 10_000));
                    s.append(row(name, "≤ 20 KiB RSS per idle connection", f("%.1f KiB (live heap %.1f KiB, %.2f KiB of it Tidings')",
                            perConn / 1024.0, r.liveHeapPerConnection() / 1024.0, r.tidingsHeapPerConnection() / 1024.0),
                            perConn <= 20 * 1024));
                }
                case "idle" -> s.append(row(name, "p50 ≤ 5 ms",
                        last == null ? "-" : f("p50 %s ms, p99 %s ms, lost %d", Scenario.ms(last.p50()), Scenario.ms(last.p99()), last.lost()),
                        last != null && last.lost() == 0 && last.p50() <= 5_000));
                default -> { }
            }
        }
        return s.append('\n').toString();
    }

    private static String row(String name, String target, String measured, Boolean met) {
        return "| " + name + " | " + target + " | " + measured + " | " + (met == null ? "-" : met ? "yes" : "**no**") + " |\n";
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
