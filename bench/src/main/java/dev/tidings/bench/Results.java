package dev.tidings.bench;

import java.util.List;
import java.util.Locale;

/** Renders reports as Markdown. */
final class Results {
    private Results() {
    }

    static String markdown(List<Scenario.Report> reports) {
        StringBuilder out = new StringBuilder();
        for (Scenario.Report r : reports) {
            Scenario.Plan p = r.plan();
            out.append("### ").append(p.name()).append("\n\n");
            out.append(String.format(Locale.ROOT,
                    "%s, %d subscribers requested: %d established (%d failed) in %d ms, registered by the server after %d ms; "
                            + "%d dropped during the run. Payload %d bytes, step %.0f s.%n%n",
                    p.transport(), p.subscribers(), r.established(), r.failed(), r.connectMillis(), r.registeredMillis(),
                    r.dropped(), p.size(), p.stepSeconds()));
            if (r.rssBeforeKb() > 0) {
                long perConn = r.established() == 0 ? 0 : (r.rssConnectedKb() - r.rssBeforeKb()) * 1024 / r.established();
                out.append(String.format(Locale.ROOT,
                        "Server RSS: %d MiB before connecting, %d MiB connected (%s bytes per connection), %d MiB at the end.%n%n",
                        r.rssBeforeKb() / 1024, r.rssConnectedKb() / 1024, perConn, r.rssEndKb() / 1024));
            }
            if (r.liveHeapPerConnection() >= 0) {
                out.append(String.format(Locale.ROOT,
                        "Server live heap after a full GC: %d MiB before connecting, %d MiB connected: %d bytes per "
                                + "connection, %d of them in Tidings' own objects.%n%n",
                        r.heapBefore().liveBytes() >> 20, r.heapConnected().liveBytes() >> 20, r.liveHeapPerConnection(),
                        r.tidingsHeapPerConnection()));
            }
            out.append(Scenario.header()).append('\n');
            for (Scenario.Step s : r.steps()) {
                out.append(Scenario.row(s)).append('\n');
            }
            Scenario.Step best = r.bestClean();
            out.append('\n').append(best == null
                    ? "No step was clean (zero loss and p99 within " + p.p99LimitMicros() / 1000 + " ms)."
                    : String.format(Locale.ROOT, "Highest clean step: **%.0f deliveries/s** (p99 %s ms).",
                            best.deliveriesPerSecond(), Scenario.ms(best.p99())))
                    .append("\n\n");
            if (!r.errors().isEmpty()) {
                out.append("Errors seen: ").append(r.errors()).append("\n\n");
            }
        }
        return out.toString();
    }
}
