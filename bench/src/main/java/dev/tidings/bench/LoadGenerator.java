package dev.tidings.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one scenario against a running Tidings and prints a table. Example:
 * <pre>
 * java -cp target/test-classes dev.tidings.bench.LoadGenerator --url http://127.0.0.1:8080 --transport sse \
 *      --subscribers 1000 --rates 50,100,150 --step-seconds 10 --pid 12345
 * </pre>
 * Options (defaults in brackets): {@code --url} [http://127.0.0.1:8080], {@code --transport} sse|ws [sse],
 * {@code --channel} [bench], {@code --subscribers} [100], {@code --rates} messages/s per step, comma-separated
 * [10], {@code --step-seconds} [10], {@code --warmup-seconds} [5], {@code --warmup-rate}
 * messages/s during the warm-up [the first rate], {@code --size} payload bytes [64],
 * {@code --threads} receiver threads [1], {@code --token} publish token, {@code --pid} server process for RSS,
 * {@code --until-limit} stop at the first step over {@code --p99-limit-ms} [100] or with loss.
 */
public final class LoadGenerator {
    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        Scenario.Plan plan = plan(o.getOrDefault("name", "load"), o);
        Scenario.Report report = Scenario.run(plan);
        System.out.println(Results.markdown(List.of(report)));
        System.exit(report.steps().stream().allMatch(s -> s.lost() == 0) ? 0 : 1);
    }

    static Scenario.Plan plan(String name, Map<String, String> o) {
        URI url = URI.create(o.getOrDefault("url", "http://127.0.0.1:8080"));
        String host = url.getHost();
        if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
            throw new IllegalArgumentException("the load generator only connects to 127.0.0.1 or localhost, not " + host);
        }
        List<Double> rates = new ArrayList<>();
        for (String r : o.getOrDefault("rates", "10").split(",")) {
            rates.add(Double.parseDouble(r.trim()));
        }
        return new Scenario.Plan(name, url, Transport.parse(o.getOrDefault("transport", "sse")),
                o.getOrDefault("channel", "bench"), Integer.parseInt(o.getOrDefault("subscribers", "100")), rates,
                Double.parseDouble(o.getOrDefault("step-seconds", "10")),
                Double.parseDouble(o.getOrDefault("warmup-seconds", "5")),
                Double.parseDouble(o.getOrDefault("warmup-rate", "0")),
                Integer.parseInt(o.getOrDefault("size", "64")), Integer.parseInt(o.getOrDefault("threads", "1")),
                o.get("token"), Long.parseLong(o.getOrDefault("pid", "0")), o.containsKey("until-limit"),
                Long.parseLong(o.getOrDefault("p99-limit-ms", "100")) * 1000);
    }

    /** {@code --key value} pairs; a flag without a value maps to "true". */
    static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an option, got " + args[i]);
            }
            String key = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                o.put(key, args[++i]);
            } else {
                o.put(key, "true");
            }
        }
        return o;
    }
}
