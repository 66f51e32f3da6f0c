package dev.tidings.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One benchmark run: open N subscribers on one channel, then publish at each rate in turn (a step), and
 * measure every step. With {@code untilLimit}, stops after the first step whose p99 exceeds the limit or that
 * lost a message.
 */
public final class Scenario {
    /**
     * What to run. A warm-up step (not reported) runs first for {@code warmupSeconds} at {@code warmupRate}
     * messages/s (0: the first step's rate), so the server's JIT has compiled the publish and delivery paths
     * before anything is measured.
     */
    public record Plan(String name, URI server, Transport transport, String channel, int subscribers,
                List<Double> rates, double stepSeconds, double warmupSeconds, double warmupRate, int size, int threads,
                String token, long pid, boolean untilLimit, long p99LimitMicros) {
        /** A small run with no warm-up: {@code messages} at 100/s to {@code subscribers} (the CI smoke test). */
        public static Plan smoke(URI server, Transport transport, String channel, int subscribers, int messages,
                                 String token) {
            return new Plan("smoke-" + transport.name().toLowerCase(Locale.ROOT), server, transport, channel,
                    subscribers, List.of(100.0), messages / 100.0, 0, 0, 64, 1, token, 0, false, Long.MAX_VALUE);
        }
    }

    /** The server's live heap after a full GC (jcmd GC.class_histogram): all of it, and Tidings' own classes. */
    public record Heap(long liveBytes, long tidingsBytes) {
    }

    /** One step's measurements. */
    public record Step(int index, double offeredRate, long sent, double publishRate, long publishErrors, String publishError,
                long expected, long received, long lost, long duplicates, long reorders, double deliveriesPerSecond,
                long p50, long p90, long p99, long max, long publishP50, long publishP99, double serverCores,
                double generatorCores, double generatorMicrosPerDelivery) {
        public boolean clean(long p99Limit) {
            return lost == 0 && duplicates == 0 && reorders == 0 && publishErrors == 0 && p99 <= p99Limit;
        }
    }

    /** A whole run. */
    public record Report(Plan plan, int established, int failed, long connectMillis, long registeredMillis, int dropped,
                  long rssBeforeKb, long rssConnectedKb, long rssEndKb, Heap heapBefore, Heap heapConnected,
                  List<Step> steps, List<String> errors) {
        /** Live heap per connection (bytes): what connecting added, after a full GC; -1 when not measured. */
        public long liveHeapPerConnection() {
            return heapBefore == null || heapConnected == null || established == 0 ? -1
                    : (heapConnected.liveBytes() - heapBefore.liveBytes()) / established;
        }

        /** Of that, the part in Tidings' own classes ({@code dev.tidings.*}). */
        public long tidingsHeapPerConnection() {
            return heapBefore == null || heapConnected == null || established == 0 ? -1
                    : (heapConnected.tidingsBytes() - heapBefore.tidingsBytes()) / established;
        }

        /** The best step that lost nothing and kept p99 within the limit, if any. */
        public Step bestClean() {
            Step best = null;
            for (Step s : steps) {
                if (s.clean(plan.p99LimitMicros()) && (best == null || s.deliveriesPerSecond() > best.deliveriesPerSecond())) {
                    best = s;
                }
            }
            return best;
        }
    }

    private Scenario() {
    }

    public static Report run(Plan plan) throws IOException, InterruptedException {
        InetSocketAddress address = new InetSocketAddress(plan.server().getHost(), plan.server().getPort());
        String root = root(plan.server());
        long base = System.nanoTime();
        long rssBefore = rssKb(plan.pid());
        Heap heapBefore = heap(plan.pid());
        List<Step> steps = new ArrayList<>();
        try (Receivers receivers = new Receivers(address, root, plan.transport(), plan.channel(), plan.threads(), base);
             HttpPublisher publisher = new HttpPublisher(address, root, plan.channel(), plan.token(), base)) {
            long t0 = System.nanoTime();
            receivers.connect(plan.subscribers(), 256, 120_000);
            long connectMillis = (System.nanoTime() - t0) / 1_000_000;
            awaitSubscribers(plan, receivers.established(), 60_000);
            long registeredMillis = (System.nanoTime() - t0) / 1_000_000;
            log(plan, "%d connected in %d ms (%d failed), registered by the server in %d ms",
                    receivers.established(), connectMillis, receivers.failed(), registeredMillis);
            long rssConnected = rssKb(plan.pid());
            Heap heapConnected = heap(plan.pid());
            int index = 0;
            if (plan.warmupSeconds() > 0) {
                double rate = plan.warmupRate() > 0 ? plan.warmupRate() : plan.rates().get(0);
                runStep(plan, receivers, publisher, index++, rate, plan.warmupSeconds());
                log(plan, "warm-up done");
            }
            for (double rate : plan.rates()) {
                if (index >= Receivers.MAX_STEPS) {
                    break;
                }
                Step step = runStep(plan, receivers, publisher, index++, rate, plan.stepSeconds());
                steps.add(step);
                log(plan, "%s", row(step));
                if (plan.untilLimit() && !step.clean(plan.p99LimitMicros())) {
                    break;
                }
            }
            long rssEnd = rssKb(plan.pid());
            return new Report(plan, receivers.established(), receivers.failed(), connectMillis, registeredMillis,
                    receivers.dropped(), rssBefore, rssConnected, rssEnd, heapBefore, heapConnected, steps,
                    receivers.errors());
        }
    }

    private static Step runStep(Plan plan, Receivers receivers, HttpPublisher publisher, int index, double rate,
                                double seconds) throws InterruptedException {
        long connections = receivers.established() - receivers.dropped();
        long wall0 = System.nanoTime();
        long server0 = cpuNanos(plan.pid());
        long generator0 = ownCpuNanos();
        HttpPublisher.Sent sent = publisher.run(index, rate, seconds, plan.size());
        long expected = sent.count() * connections;
        // drain: until everything arrived, or nothing more arrives for 3 s (at most 30 s)
        long last = -1;
        long lastProgress = System.nanoTime();
        long deadline = lastProgress + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            long got = receivers.received(index);
            if (got >= expected) {
                break;
            }
            if (got != last) {
                last = got;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > 3_000_000_000L) {
                break;
            }
            Thread.sleep(10);
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        double serverCores = server0 < 0 ? -1 : (cpuNanos(plan.pid()) - server0) / 1e9 / wall;
        long generatorCpu = ownCpuNanos() - generator0;
        double generatorCores = generatorCpu / 1e9 / wall;
        Receivers.StepStats s = receivers.stats(index);
        double generatorMicros = s.received == 0 ? 0 : generatorCpu / 1e3 / s.received;
        double window = Math.max(1, s.lastReceiveNanos - sent.firstSendNanos()) / 1e9;
        return new Step(index, rate, sent.count(), sent.count() / sent.seconds(), sent.errors(), sent.firstError(),
                expected, s.received, Math.max(0, expected - s.received), s.duplicates, s.reorders,
                s.received / window, s.latency.percentile(0.50), s.latency.percentile(0.90),
                s.latency.percentile(0.99), s.latency.max(), sent.roundTrips().percentile(0.5),
                sent.roundTrips().percentile(0.99), serverCores, generatorCores, generatorMicros);
    }

    /** Waits until the server lists the channel with at least {@code n} subscribers (bounded). */
    private static void awaitSubscribers(Plan plan, int n, long timeoutMillis) throws InterruptedException {
        Pattern p = Pattern.compile("\"name\":\"" + Pattern.quote(plan.channel()) + "\"[^}]*\"subscribers\":(\\d+)");
        long deadline = System.currentTimeMillis() + timeoutMillis;
        int seen = -1;
        while (System.currentTimeMillis() < deadline) {
            try (InputStream in = URI.create(plan.server().getScheme() + "://" + plan.server().getAuthority() + root(plan.server()) + "/api/channels").toURL().openStream()) {
                Matcher m = p.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                if (m.find()) {
                    seen = Integer.parseInt(m.group(1));
                    if (seen >= n) {
                        return;
                    }
                }
            } catch (IOException e) {
                // retry
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the server lists " + seen + " subscribers of " + plan.channel() + ", expected " + n);
    }

    /** The path Tidings is deployed under, without a trailing slash ("" at the root). */
    static String root(URI server) {
        String path = server.getPath() == null ? "" : server.getPath();
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** Resident set size of a process, in KiB, from /proc; -1 when unknown. */
    static long rssKb(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /**
     * The live heap of a JVM, from {@code jcmd <pid> GC.class_histogram} (which runs a full GC first): the
     * total and the bytes in {@code dev.tidings} classes. Null when there is no pid or jcmd fails. Taken before
     * and after connecting, never during a measured step.
     */
    static Heap heap(long pid) {
        if (pid <= 0) {
            return null;
        }
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "GC.class_histogram").redirectErrorStream(true).start();
            List<String> lines = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            if (!jcmd.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
                jcmd.destroyForcibly();
                return null;
            }
            return parseHistogram(lines);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Parses the lines of a class histogram; null when there is no Total line. */
    static Heap parseHistogram(List<String> lines) {
        long tidings = 0;
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals("Total")) {
                return new Heap(Long.parseLong(f[f.length - 1]), tidings);
            }
            if (f.length >= 4 && f[0].endsWith(":") && f[3].contains("dev.tidings.")) {
                tidings += Long.parseLong(f[2]);
            }
        }
        return null;
    }

    /** CPU time (user + system) a process has used, in nanoseconds, from /proc/<pid>/stat; -1 when unknown. */
    static long cpuNanos(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command: state(3) ... utime(14) stime(15), in clock ticks of 1/100 s
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** This process's CPU time, in nanoseconds. */
    static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static String header() {
        return "| step | offered msg/s | sent | publish msg/s | expected | received | lost | dup | reorder | deliveries/s | p50 ms | p90 ms | p99 ms | max ms | publish p50/p99 ms | CPU server / load gen (cores) | load gen µs/delivery |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
    }

    static String row(Step s) {
        return String.format(Locale.ROOT, "| %d | %.0f | %d | %.1f | %d | %d | %d | %d | %d | %.0f | %s | %s | %s | %s | %s / %s | %s / %.2f | %.2f |",
                s.index(), s.offeredRate(), s.sent(), s.publishRate(), s.expected(), s.received(), s.lost(),
                s.duplicates(), s.reorders(), s.deliveriesPerSecond(), ms(s.p50()), ms(s.p90()), ms(s.p99()), ms(s.max()),
                ms(s.publishP50()), ms(s.publishP99()),
                s.serverCores() < 0 ? "-" : String.format(Locale.ROOT, "%.2f", s.serverCores()), s.generatorCores(),
                s.generatorMicrosPerDelivery())
                + (s.publishErrors() > 0 ? " publish errors: " + s.publishErrors() + " (" + s.publishError() + ")" : "");
    }

    static String ms(long micros) {
        return String.format(Locale.ROOT, micros < 10_000 ? "%.2f" : "%.0f", micros / 1000.0);
    }

    private static void log(Plan plan, String format, Object... args) {
        System.out.printf(Locale.ROOT, "[%s] " + format + "%n", prepend(plan.name(), args));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
