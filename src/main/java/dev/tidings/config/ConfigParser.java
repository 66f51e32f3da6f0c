package dev.tidings.config;

import dev.tidings.api.ConfigurationException;
import dev.tidings.spi.ChannelSettings;
import dev.tidings.spi.Overflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Validates the {@code tidings.*} properties into a {@link TidingsConfig}. Collects every problem before
 * failing, and names the key and the allowed values in each, so one failed deployment shows them all.
 * Pure: takes a lookup function, so it is tested without a container.
 */
public final class ConfigParser {
    static final List<String> CHANNEL_KEYS = List.of("store", "broker", "buffer", "overflow", "history-size", "history-ttl");
    /** Stores that retain nothing, for which the history keys make no sense. */
    static final List<String> STORES_WITHOUT_HISTORY = List.of("latest", "queue");
    static final List<String> BROKERS = List.of("local", "redis");
    private static final java.util.regex.Pattern REDIS_URI =
            java.util.regex.Pattern.compile("rediss?://([^@/\\s]*@)?[A-Za-z0-9.\\[\\]:-]+?(:[0-9]{1,5})?(/[0-9]{1,2})?/?");

    private final Set<String> propertyNames;
    private final Function<String, Optional<String>> lookup;
    private final Set<String> storeNames;
    private final List<String> problems = new ArrayList<>();

    /**
     * @param propertyNames every property name the config knows (only {@code tidings.*} ones are read)
     * @param lookup the value of a property
     * @param storeNames the stores available (built-in and custom beans)
     */
    public ConfigParser(Set<String> propertyNames, Function<String, Optional<String>> lookup, Set<String> storeNames) {
        this.propertyNames = propertyNames;
        this.lookup = lookup;
        this.storeNames = new TreeSet<>(storeNames);
    }

    /** Convenience for tests: parse a map of properties. */
    public static TidingsConfig parse(Map<String, String> properties, Set<String> storeNames) {
        return new ConfigParser(properties.keySet(), k -> Optional.ofNullable(properties.get(k)), storeNames).parse();
    }

    /** @throws ConfigurationException listing every problem found */
    public TidingsConfig parse() {
        List<ChannelSettings> channels = channels();
        Duration heartbeat = duration("tidings.heartbeat", TidingsConfig.DEFAULT_HEARTBEAT);
        Duration retry = duration("tidings.sse.retry", TidingsConfig.DEFAULT_RETRY);
        boolean httpPublish = bool("tidings.publish.http.enabled", false);
        Optional<String> token = lookup.apply("tidings.publish.http.token").map(String::trim).filter(s -> !s.isEmpty());
        int maxBytes = integer("tidings.publish.max-bytes", TidingsConfig.DEFAULT_MAX_PUBLISH_BYTES, 1, 64 * 1024 * 1024);
        boolean demo = bool("tidings.demo.enabled", false);
        TcpSettings tcp = tcp();
        EventsSettings events = events();
        RedisSettings redis = redis();
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new TidingsConfig(channels, heartbeat, retry, httpPublish, token, maxBytes, demo, tcp, events, redis);
    }

    private TcpSettings tcp() {
        boolean enabled = bool("tidings.tcp.enabled", false);
        String host = lookup.apply("tidings.tcp.host").map(String::trim).orElse(TcpSettings.DEFAULT_HOST);
        if (host.isEmpty()) {
            problems.add("tidings.tcp.host=: allowed values: an address or host name to bind, e.g. 127.0.0.1");
        }
        int port = integer("tidings.tcp.port", TcpSettings.DEFAULT_PORT, 1, 65535);
        int maxLine = integer("tidings.tcp.max-line", TcpSettings.DEFAULT_MAX_LINE, 64, 64 * 1024 * 1024);
        Duration writeTimeout = duration("tidings.tcp.write-timeout", TcpSettings.DEFAULT_WRITE_TIMEOUT);
        if (writeTimeout.isZero()) {
            problems.add("tidings.tcp.write-timeout=0: allowed values: a duration of at least 1ms, e.g. 30s");
        }
        return new TcpSettings(enabled, host, port, maxLine, writeTimeout);
    }

    private RedisSettings redis() {
        String uri = lookup.apply("tidings.redis.uri").map(String::trim).orElse(RedisSettings.DEFAULT_URI);
        if (!REDIS_URI.matcher(uri).matches()) {
            problems.add("tidings.redis.uri=" + RedisSettings.redacted(uri) + ": allowed values: redis://[[user]:password@]host[:port][/database]"
                    + " or rediss://... for TLS, e.g. " + RedisSettings.DEFAULT_URI);
        }
        String prefix = lookup.apply("tidings.redis.prefix").map(String::trim).orElse(RedisSettings.DEFAULT_PREFIX);
        if (!prefix.matches("[A-Za-z0-9._:{}-]{0,64}")) {
            problems.add("tidings.redis.prefix=" + prefix + ": allowed values: up to 64 of [A-Za-z0-9._:{}-], e.g. " + RedisSettings.DEFAULT_PREFIX);
        }
        Duration connect = duration("tidings.redis.connect-timeout", RedisSettings.DEFAULT_TIMEOUT);
        Duration command = duration("tidings.redis.command-timeout", RedisSettings.DEFAULT_TIMEOUT);
        for (String key : List.of("tidings.redis.connect-timeout", "tidings.redis.command-timeout")) {
            if (lookup.apply(key).isPresent() && Durations.parse(lookup.apply(key).get().trim()).filter(Duration::isZero).isPresent()) {
                problems.add(key + "=0: allowed values: a duration of at least 1ms, e.g. 2s");
            }
        }
        return new RedisSettings(uri, prefix, connect, command);
    }

    private EventsSettings events() {
        List<String> origins = new ArrayList<>();
        for (String origin : lookup.apply("tidings.events.allowed-origins").orElse("").split(",")) {
            String o = origin.trim();
            if (o.isEmpty()) {
                continue;
            }
            if (o.equals("*") || o.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                origins.add(o);
            } else {
                problems.add("tidings.events.allowed-origins: '" + o + "' is not an origin; allowed values: a comma-separated list of "
                        + "scheme://host[:port] such as https://app.example.com, or *");
            }
        }
        int buffer = integer("tidings.events.buffer", EventsSettings.DEFAULT_BUFFER, 1, TidingsConfig.MAX_BUFFER);
        int maxMessage = integer("tidings.events.max-message-bytes", EventsSettings.DEFAULT_MAX_MESSAGE_BYTES, 64, 64 * 1024 * 1024);
        return new EventsSettings(origins, buffer, maxMessage);
    }

    private List<ChannelSettings> channels() {
        Map<String, Set<String>> keysByChannel = new TreeMap<>();
        for (String property : propertyNames) {
            if (!property.startsWith(TidingsConfig.CHANNELS)) {
                continue;
            }
            String rest = property.substring(TidingsConfig.CHANNELS.length());
            int dot = rest.lastIndexOf('.');
            if (dot <= 0) {
                problems.add(property + ": expected tidings.channels.<name>.<key> with key one of " + CHANNEL_KEYS);
                continue;
            }
            String name = rest.substring(0, dot);
            String key = rest.substring(dot + 1);
            if (!Names.isChannel(name)) {
                problems.add(property + ": invalid channel name '" + name + "'; names match [A-Za-z0-9._-]{1,128}");
                continue;
            }
            if (!CHANNEL_KEYS.contains(key)) {
                problems.add(property + ": unknown key '" + key + "'; allowed keys: " + CHANNEL_KEYS);
                continue;
            }
            keysByChannel.computeIfAbsent(name, n -> new TreeSet<>()).add(key);
        }
        List<ChannelSettings> channels = new ArrayList<>();
        for (String name : keysByChannel.keySet()) {
            String prefix = TidingsConfig.CHANNELS + name + ".";
            String store = lookup.apply(prefix + "store").map(String::trim).orElse("queue");
            if (!storeNames.contains(store)) {
                problems.add(prefix + "store=" + store + ": unknown store; allowed values: "
                        + String.join("|", storeNames) + " (a custom store is a CDI bean implementing dev.tidings.spi.Store)");
            }
            String broker = lookup.apply(prefix + "broker").map(String::trim).orElse("local");
            if (!BROKERS.contains(broker)) {
                problems.add(prefix + "broker=" + broker + ": unknown broker; allowed values: " + String.join("|", BROKERS));
            }
            int historySize = integer(prefix + "history-size", ChannelSettings.DEFAULT_HISTORY_SIZE, 1, TidingsConfig.MAX_HISTORY);
            Optional<Duration> historyTtl = Optional.empty();
            if (lookup.apply(prefix + "history-ttl").isPresent()) {
                Duration ttl = duration(prefix + "history-ttl", Duration.ZERO);
                historyTtl = ttl.isZero() ? Optional.empty() : Optional.of(ttl);
            }
            Set<String> keys = keysByChannel.get(name);
            if (STORES_WITHOUT_HISTORY.contains(store) && (keys.contains("history-size") || keys.contains("history-ttl"))) {
                problems.add(prefix + "history-size/history-ttl: only a store that retains messages uses them; set "
                        + prefix + "store=history, or remove them");
            }
            // A history subscriber that overflows is disconnected and resumes from history: its live buffer must
            // be smaller than the window, or it could never resume without a gap. Default: half the window.
            int bufferDefault = "history".equals(store) ? Math.max(1, Math.min(TidingsConfig.DEFAULT_BUFFER, historySize / 2))
                    : TidingsConfig.DEFAULT_BUFFER;
            int buffer = integer(prefix + "buffer", bufferDefault, 1, TidingsConfig.MAX_BUFFER);
            if ("history".equals(store) && buffer >= historySize && keys.contains("buffer")) {
                problems.add(prefix + "buffer=" + buffer + ": must be smaller than history-size (" + historySize
                        + ") so a client disconnected for overflow can resume without a gap");
            }
            String overflowText = lookup.apply(prefix + "overflow").map(String::trim).orElse(Overflow.DISCONNECT.configName());
            Optional<Overflow> overflow = Overflow.fromConfig(overflowText);
            if (overflow.isEmpty()) {
                problems.add(prefix + "overflow=" + overflowText + ": allowed values: "
                        + Arrays.stream(Overflow.values()).map(Overflow::configName).collect(Collectors.joining("|")));
            }
            if ("history".equals(store) && overflow.orElse(Overflow.DISCONNECT) == Overflow.DROP_OLDEST) {
                problems.add(prefix + "overflow=drop-oldest: not allowed with store=history, where a subscriber that falls "
                        + "behind is disconnected and resumes from history without loss; use overflow=disconnect");
            }
            channels.add(new ChannelSettings(name, store, broker, buffer, overflow.orElse(Overflow.DISCONNECT),
                    historySize, historyTtl));
        }
        channels.sort(Comparator.comparing(ChannelSettings::name));
        return channels;
    }

    private int integer(String key, int defaultValue, int min, int max) {
        Optional<String> text = lookup.apply(key).map(String::trim);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(key + "=" + text.get() + ": allowed values: an integer from " + min + " to " + max);
        return defaultValue;
    }

    private boolean bool(String key, boolean defaultValue) {
        Optional<String> text = lookup.apply(key).map(String::trim);
        if (text.isEmpty()) {
            return defaultValue;
        }
        return switch (text.get()) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                problems.add(key + "=" + text.get() + ": allowed values: true|false");
                yield defaultValue;
            }
        };
    }

    private Duration duration(String key, Duration defaultValue) {
        Optional<String> text = lookup.apply(key).map(String::trim);
        if (text.isEmpty()) {
            return defaultValue;
        }
        Optional<Duration> parsed = Durations.parse(text.get());
        if (parsed.isEmpty()) {
            problems.add(key + "=" + text.get() + ": allowed values: a duration such as 500ms, 15s, 2m or 0 (off)");
            return defaultValue;
        }
        return parsed.get();
    }
}
