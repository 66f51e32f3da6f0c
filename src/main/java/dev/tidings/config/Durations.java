package dev.tidings.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations written as {@code 500ms}, {@code 15s}, {@code 2m}, a plain number of seconds, or ISO-8601. */
public final class Durations {
    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})\\s*(ms|s|m)?");

    private Durations() {
    }

    public static Optional<Duration> parse(String text) {
        String value = text.trim();
        Matcher m = SIMPLE.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return Optional.of(switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
        }
        try {
            Duration d = Duration.parse(value);
            return d.isNegative() ? Optional.empty() : Optional.of(d);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
