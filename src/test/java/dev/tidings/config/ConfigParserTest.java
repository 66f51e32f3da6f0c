package dev.tidings.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.api.ConfigurationException;
import dev.tidings.api.ErrorCode;
import dev.tidings.spi.ChannelSettings;
import dev.tidings.spi.Overflow;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigParserTest {
    private static final Set<String> BUILT_IN = Set.of("latest", "queue", "history");

    private static TidingsConfig parse(Map<String, String> properties) {
        return ConfigParser.parse(properties, BUILT_IN);
    }

    private static List<String> problems(Map<String, String> properties) {
        return assertThrows(ConfigurationException.class, () -> parse(properties)).problems();
    }

    // ---- defaults

    @Test
    void channelStoreDefaultsToQueue() {
        TidingsConfig config = parse(Map.of("tidings.channels.jobs.broker", "local"));

        assertEquals("queue", config.channel("jobs").orElseThrow().store());
    }

    @Test
    void channelDefaultsAreLocalBrokerBuffer1024AndDisconnect() {
        TidingsConfig config = parse(Map.of("tidings.channels.prices.store", "latest"));

        assertEquals(List.of(new ChannelSettings("prices", "latest", "local", 1024, Overflow.DISCONNECT)),
                config.channels());
    }

    @Test
    void globalDefaults() {
        TidingsConfig config = parse(Map.of());

        assertEquals(List.of(), config.channels());
        assertEquals(Duration.ofSeconds(15), config.heartbeat());
        assertEquals(Duration.ofSeconds(3), config.retry());
        assertFalse(config.httpPublish());
        assertEquals(Optional.empty(), config.publishToken());
        assertEquals(65536, config.maxPublishBytes());
        assertFalse(config.demo());
        assertEquals(new TcpSettings(false, "127.0.0.1", 5567, 131072, Duration.ofSeconds(30)), config.tcp());
        assertEquals(new EventsSettings(List.of(), 1024, 65536), config.events());
    }

    // ---- event sockets

    @Test
    void eventSocketSettingsAreRead() {
        TidingsConfig config = parse(Map.of("tidings.events.allowed-origins", " https://app.example.com, http://localhost:3000 ,",
                "tidings.events.buffer", "64", "tidings.events.max-message-bytes", "4096"));

        assertEquals(new EventsSettings(List.of("https://app.example.com", "http://localhost:3000"), 64, 4096), config.events());
    }

    @Test
    void anyOriginIsAStar() {
        assertEquals(List.of("*"), parse(Map.of("tidings.events.allowed-origins", "*")).events().allowedOrigins());
    }

    @Test
    void anOriginWithAPathOrNoSchemeIsRejected() {
        assertEquals(List.of(
                        "tidings.events.allowed-origins: 'app.example.com' is not an origin; allowed values: a comma-separated list of "
                                + "scheme://host[:port] such as https://app.example.com, or *",
                        "tidings.events.allowed-origins: 'https://a.example/x' is not an origin; allowed values: a comma-separated list of "
                                + "scheme://host[:port] such as https://app.example.com, or *"),
                problems(Map.of("tidings.events.allowed-origins", "app.example.com,https://a.example/x")));
    }

    // ---- the TCP listener

    @Test
    void tcpSettingsAreRead() {
        TidingsConfig config = parse(Map.of("tidings.tcp.enabled", "true", "tidings.tcp.host", " 0.0.0.0 ",
                "tidings.tcp.port", "7000", "tidings.tcp.max-line", "4096", "tidings.tcp.write-timeout", "5s"));

        assertEquals(new TcpSettings(true, "0.0.0.0", 7000, 4096, Duration.ofSeconds(5)), config.tcp());
    }

    @Test
    void badTcpSettingsAreReportedWithTheirAllowedValues() {
        assertEquals(List.of(
                        "tidings.tcp.enabled=yes: allowed values: true|false",
                        "tidings.tcp.host=: allowed values: an address or host name to bind, e.g. 127.0.0.1",
                        "tidings.tcp.port=70000: allowed values: an integer from 1 to 65535",
                        "tidings.tcp.max-line=10: allowed values: an integer from 64 to 67108864",
                        "tidings.tcp.write-timeout=0: allowed values: a duration of at least 1ms, e.g. 30s"),
                problems(Map.of("tidings.tcp.enabled", "yes", "tidings.tcp.host", " ", "tidings.tcp.port", "70000",
                        "tidings.tcp.max-line", "10", "tidings.tcp.write-timeout", "0")));
    }

    @Test
    void propertiesOutsideTidingsAreIgnored() {
        TidingsConfig config = parse(Map.of("mp.messaging.channels.x.store", "nope", "other.key", "1"));

        assertEquals(List.of(), config.channels());
    }

    // ---- valid values

    @Test
    void everyChannelKeyIsRead() {
        TidingsConfig config = parse(Map.of(
                "tidings.channels.jobs.store", "queue",
                "tidings.channels.jobs.broker", "local",
                "tidings.channels.jobs.buffer", "16",
                "tidings.channels.jobs.overflow", "drop-oldest"));

        assertEquals(List.of(new ChannelSettings("jobs", "queue", "local", 16, Overflow.DROP_OLDEST)), config.channels());
    }

    @Test
    void valuesAreTrimmed() {
        TidingsConfig config = parse(Map.of(
                "tidings.channels.jobs.store", " latest ",
                "tidings.channels.jobs.buffer", " 8 ",
                "tidings.heartbeat", " 5s ",
                "tidings.publish.http.enabled", " true "));

        assertEquals(new ChannelSettings("jobs", "latest", "local", 8, Overflow.DISCONNECT), config.channel("jobs").orElseThrow());
        assertEquals(Duration.ofSeconds(5), config.heartbeat());
        assertTrue(config.httpPublish());
    }

    @Test
    void channelsAreSortedByName() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("tidings.channels.zeta.store", "queue");
        properties.put("tidings.channels.alpha.store", "latest");
        properties.put("tidings.channels.mid.store", "queue");

        List<String> names = parse(properties).channels().stream().map(ChannelSettings::name).toList();

        assertEquals(List.of("alpha", "mid", "zeta"), names);
    }

    @Test
    void channelNamesMayContainDotsDashesAndUnderscores() {
        TidingsConfig config = parse(Map.of("tidings.channels.chat.room-1_a.store", "latest"));

        assertEquals("latest", config.channel("chat.room-1_a").orElseThrow().store());
    }

    @Test
    void globalSettingsAreRead() {
        TidingsConfig config = parse(Map.of(
                "tidings.heartbeat", "500ms",
                "tidings.sse.retry", "2m",
                "tidings.publish.http.enabled", "true",
                "tidings.publish.http.token", "s3cret",
                "tidings.publish.max-bytes", "1024",
                "tidings.demo.enabled", "true"));

        assertEquals(Duration.ofMillis(500), config.heartbeat());
        assertEquals(Duration.ofMinutes(2), config.retry());
        assertTrue(config.httpPublish());
        assertEquals(Optional.of("s3cret"), config.publishToken());
        assertEquals(1024, config.maxPublishBytes());
        assertTrue(config.demo());
    }

    @Test
    void heartbeatZeroTurnsItOff() {
        assertEquals(Duration.ZERO, parse(Map.of("tidings.heartbeat", "0")).heartbeat());
    }

    @Test
    void blankTokenMeansNoToken() {
        assertEquals(Optional.empty(), parse(Map.of("tidings.publish.http.token", "  ")).publishToken());
    }

    @Test
    void bufferBoundsAreAccepted() {
        TidingsConfig config = parse(Map.of(
                "tidings.channels.a.buffer", "1",
                "tidings.channels.b.buffer", "1000000"));

        assertEquals(1, config.channel("a").orElseThrow().buffer());
        assertEquals(1_000_000, config.channel("b").orElseThrow().buffer());
    }

    @Test
    void customStoreNamesAreAcceptedWhenAvailable() {
        TidingsConfig config = ConfigParser.parse(Map.of("tidings.channels.audit.store", "audit"),
                Set.of("latest", "queue", "history", "audit"));

        assertEquals("audit", config.channel("audit").orElseThrow().store());
    }

    // ---- invalid values: exact messages

    @Test
    void unknownStoreNamesTheKeyAndTheAvailableStores() {
        assertEquals(List.of("tidings.channels.prices.store=journal: unknown store; allowed values: history|latest|queue"
                        + " (a custom store is a CDI bean implementing dev.tidings.spi.Store)"),
                problems(Map.of("tidings.channels.prices.store", "journal")));
    }

    @Test
    void unknownStoreListsCustomStoresAmongTheAllowedValues() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ConfigParser.parse(
                Map.of("tidings.channels.prices.store", "nope"), Set.of("queue", "latest", "audit")));

        assertEquals(List.of("tidings.channels.prices.store=nope: unknown store; allowed values: audit|latest|queue"
                + " (a custom store is a CDI bean implementing dev.tidings.spi.Store)"), e.problems());
    }

    @Test
    void customStoreIsUnknownWhenNotAvailable() {
        assertEquals(List.of("tidings.channels.audit.store=audit: unknown store; allowed values: history|latest|queue"
                        + " (a custom store is a CDI bean implementing dev.tidings.spi.Store)"),
                problems(Map.of("tidings.channels.audit.store", "audit")));
    }

    @Test
    void unknownBrokerNamesTheBrokers() {
        assertEquals(List.of("tidings.channels.prices.broker=kafka: unknown broker; allowed values: local|redis"),
                problems(Map.of("tidings.channels.prices.broker", "kafka")));
    }

    // ---- Redis

    @Test
    void redisBrokerAndItsSettingsAreRead() {
        TidingsConfig config = parse(Map.of("tidings.channels.prices.broker", "redis",
                "tidings.redis.uri", "rediss://:s3cret@redis.example:6380/2", "tidings.redis.prefix", "app1:",
                "tidings.redis.connect-timeout", "500ms", "tidings.redis.command-timeout", "1s"));

        assertEquals("redis", config.channel("prices").orElseThrow().broker());
        assertEquals(new RedisSettings("rediss://:s3cret@redis.example:6380/2", "app1:", Duration.ofMillis(500), Duration.ofSeconds(1)),
                config.redis());
    }

    @Test
    void redisDefaults() {
        assertEquals(new RedisSettings("redis://127.0.0.1:6379", "tidings:", Duration.ofSeconds(2), Duration.ofSeconds(2)), parse(Map.of()).redis());
    }

    @Test
    void aBadRedisUriIsRejectedWithoutShowingItsPassword() {
        assertEquals(List.of("tidings.redis.uri=http://user:***@h: allowed values: redis://[[user]:password@]host[:port][/database]"
                        + " or rediss://... for TLS, e.g. redis://127.0.0.1:6379",
                        "tidings.redis.prefix=a b: allowed values: up to 64 of [A-Za-z0-9._:{}-], e.g. tidings:",
                        "tidings.redis.command-timeout=0: allowed values: a duration of at least 1ms, e.g. 2s"),
                problems(Map.of("tidings.redis.uri", "http://user:pw@h", "tidings.redis.prefix", "a b", "tidings.redis.command-timeout", "0")));
    }

    @Test
    void theRedisUriIsRedactedInToString() {
        assertEquals("RedisSettings[redis://:***@h:6379, prefix=tidings:]",
                new RedisSettings("redis://:pw@h:6379", "tidings:", Duration.ofSeconds(1), Duration.ofSeconds(1)).toString());
    }

    @Test
    void bufferZeroIsRejected() {
        assertEquals(List.of("tidings.channels.prices.buffer=0: allowed values: an integer from 1 to 1000000"),
                problems(Map.of("tidings.channels.prices.buffer", "0")));
    }

    @Test
    void bufferAboveTheMaximumIsRejected() {
        assertEquals(List.of("tidings.channels.prices.buffer=1000001: allowed values: an integer from 1 to 1000000"),
                problems(Map.of("tidings.channels.prices.buffer", "1000001")));
    }

    @Test
    void bufferThatIsNotANumberIsRejected() {
        assertEquals(List.of("tidings.channels.prices.buffer=abc: allowed values: an integer from 1 to 1000000"),
                problems(Map.of("tidings.channels.prices.buffer", "abc")));
    }

    @Test
    void unknownOverflowNamesTheAllowedPolicies() {
        assertEquals(List.of("tidings.channels.prices.overflow=bogus: allowed values: disconnect|drop-oldest"),
                problems(Map.of("tidings.channels.prices.overflow", "bogus")));
    }

    @Test
    void misspelledChannelKeyNamesTheAllowedKeys() {
        assertEquals(List.of("tidings.channels.prices.stor: unknown key 'stor'; allowed keys: [store, broker, buffer, overflow, history-size, history-ttl]"),
                problems(Map.of("tidings.channels.prices.stor", "latest")));
    }

    @Test
    void channelPropertyWithoutKeyIsRejected() {
        assertEquals(List.of("tidings.channels.prices: expected tidings.channels.<name>.<key> with key one of"
                        + " [store, broker, buffer, overflow, history-size, history-ttl]"),
                problems(Map.of("tidings.channels.prices", "latest")));
    }

    @Test
    void badDurationIsRejected() {
        assertEquals(List.of("tidings.heartbeat=soon: allowed values: a duration such as 500ms, 15s, 2m or 0 (off)"),
                problems(Map.of("tidings.heartbeat", "soon")));
    }

    @Test
    void badRetryDurationIsRejected() {
        assertEquals(List.of("tidings.sse.retry=-1s: allowed values: a duration such as 500ms, 15s, 2m or 0 (off)"),
                problems(Map.of("tidings.sse.retry", "-1s")));
    }

    @Test
    void badBooleanIsRejected() {
        assertEquals(List.of("tidings.publish.http.enabled=yes: allowed values: true|false"),
                problems(Map.of("tidings.publish.http.enabled", "yes")));
    }

    @Test
    void badDemoBooleanIsRejected() {
        assertEquals(List.of("tidings.demo.enabled=TRUE: allowed values: true|false"),
                problems(Map.of("tidings.demo.enabled", "TRUE")));
    }

    @Test
    void badMaxBytesIsRejected() {
        assertEquals(List.of("tidings.publish.max-bytes=0: allowed values: an integer from 1 to 67108864"),
                problems(Map.of("tidings.publish.max-bytes", "0")));
    }

    @Test
    void invalidChannelNameIsRejected() {
        assertEquals(List.of("tidings.channels.bad name.store: invalid channel name 'bad name'; names match [A-Za-z0-9._-]{1,128}"),
                problems(Map.of("tidings.channels.bad name.store", "queue")));
    }

    @Test
    void channelNameLongerThan128IsRejected() {
        String name = "a".repeat(129);

        assertEquals(List.of("tidings.channels." + name + ".store: invalid channel name '" + name
                        + "'; names match [A-Za-z0-9._-]{1,128}"),
                problems(Map.of("tidings.channels." + name + ".store", "queue")));
    }

    @Test
    void severalProblemsAreReportedTogether() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("tidings.channels.prices.store", "journal");
        properties.put("tidings.channels.prices.broker", "kafka");
        properties.put("tidings.channels.prices.buffer", "0");
        properties.put("tidings.channels.prices.overflow", "bogus");
        properties.put("tidings.heartbeat", "soon");
        properties.put("tidings.publish.http.enabled", "yes");

        List<String> problems = problems(properties);

        assertEquals(List.of(
                "tidings.channels.prices.store=journal: unknown store; allowed values: history|latest|queue"
                        + " (a custom store is a CDI bean implementing dev.tidings.spi.Store)",
                "tidings.channels.prices.broker=kafka: unknown broker; allowed values: local|redis",
                "tidings.channels.prices.buffer=0: allowed values: an integer from 1 to 1000000",
                "tidings.channels.prices.overflow=bogus: allowed values: disconnect|drop-oldest",
                "tidings.heartbeat=soon: allowed values: a duration such as 500ms, 15s, 2m or 0 (off)",
                "tidings.publish.http.enabled=yes: allowed values: true|false"), problems);
    }

    @Test
    void problemsOfDifferentChannelsAreReportedTogether() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("tidings.channels.a.buffer", "abc");
        properties.put("tidings.channels.b.overflow", "block");

        assertEquals(List.of(
                "tidings.channels.a.buffer=abc: allowed values: an integer from 1 to 1000000",
                "tidings.channels.b.overflow=block: allowed values: disconnect|drop-oldest"), problems(properties));
    }

    @Test
    void exceptionMessageListsEveryProblem() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("tidings.channels.a.buffer", "abc");
        properties.put("tidings.demo.enabled", "maybe");

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> parse(properties));

        assertEquals(ErrorCode.INVALID_CONFIG, e.code());
        assertEquals("invalid Tidings configuration:\n"
                + "  - tidings.channels.a.buffer=abc: allowed values: an integer from 1 to 1000000\n"
                + "  - tidings.demo.enabled=maybe: allowed values: true|false", e.getMessage());
    }

    // ---- history channels

    @Test
    void historyChannelDefaultsAreSize1000NoTtlAndBufferHalfTheSize() {
        TidingsConfig config = parse(Map.of("tidings.channels.feed.store", "history"));

        assertEquals(List.of(new ChannelSettings("feed", "history", "local", 500, Overflow.DISCONNECT, 1000, Optional.empty())),
                config.channels());
    }

    @Test
    void historySizeAndTtlAreParsedIntoTheChannelSettings() {
        TidingsConfig config = parse(Map.of(
                "tidings.channels.feed.store", "history",
                "tidings.channels.feed.history-size", "300",
                "tidings.channels.feed.history-ttl", "10m"));

        assertEquals(new ChannelSettings("feed", "history", "local", 150, Overflow.DISCONNECT, 300, Optional.of(Duration.ofMinutes(10))),
                config.channel("feed").orElseThrow());
    }

    @Test
    void historyTtlAcceptsIsoDurations() {
        TidingsConfig config = parse(Map.of(
                "tidings.channels.feed.store", "history",
                "tidings.channels.feed.history-ttl", "PT1H30M"));

        assertEquals(Optional.of(Duration.ofMinutes(90)), config.channel("feed").orElseThrow().historyTtl());
    }

    @Test
    void historyBufferDefaultIsHalfASmallHistorySize() {
        TidingsConfig config = parse(Map.of(
                "tidings.channels.feed.store", "history",
                "tidings.channels.feed.history-size", "101"));

        assertEquals(50, config.channel("feed").orElseThrow().buffer());
    }

    @Test
    void historyBufferDefaultIsCappedAt1024() {
        TidingsConfig config = parse(Map.of(
                "tidings.channels.feed.store", "history",
                "tidings.channels.feed.history-size", "10000"));

        assertEquals(1024, config.channel("feed").orElseThrow().buffer());
    }

    @Test
    void historyBufferDefaultIs1024AtHistorySize2048() {
        TidingsConfig config = parse(Map.of(
                "tidings.channels.feed.store", "history",
                "tidings.channels.feed.history-size", "2048"));

        assertEquals(1024, config.channel("feed").orElseThrow().buffer());
    }

    @Test
    void historyBufferDefaultIsAtLeastOne() {
        TidingsConfig config = parse(Map.of(
                "tidings.channels.feed.store", "history",
                "tidings.channels.feed.history-size", "1"));

        assertEquals(1, config.channel("feed").orElseThrow().buffer());
    }

    @Test
    void explicitHistoryBufferSmallerThanTheHistorySizeIsAccepted() {
        TidingsConfig config = parse(Map.of(
                "tidings.channels.feed.store", "history",
                "tidings.channels.feed.history-size", "1000",
                "tidings.channels.feed.buffer", "999"));

        assertEquals(999, config.channel("feed").orElseThrow().buffer());
    }

    @Test
    void explicitHistoryBufferEqualToTheHistorySizeIsRejected() {
        assertEquals(List.of("tidings.channels.feed.buffer=1000: must be smaller than history-size (1000)"
                        + " so a client disconnected for overflow can resume without a gap"),
                problems(Map.of(
                        "tidings.channels.feed.store", "history",
                        "tidings.channels.feed.buffer", "1000")));
    }

    @Test
    void explicitHistoryBufferLargerThanTheHistorySizeIsRejected() {
        assertEquals(List.of("tidings.channels.feed.buffer=600: must be smaller than history-size (500)"
                        + " so a client disconnected for overflow can resume without a gap"),
                problems(Map.of(
                        "tidings.channels.feed.store", "history",
                        "tidings.channels.feed.history-size", "500",
                        "tidings.channels.feed.buffer", "600")));
    }

    @Test
    void queueBufferMayExceedTheDefaultHistorySize() {
        TidingsConfig config = parse(Map.of(
                "tidings.channels.jobs.store", "queue",
                "tidings.channels.jobs.buffer", "5000"));

        assertEquals(new ChannelSettings("jobs", "queue", "local", 5000, Overflow.DISCONNECT), config.channel("jobs").orElseThrow());
    }

    @Test
    void historySizeOnAQueueChannelIsRejected() {
        assertEquals(List.of("tidings.channels.jobs.history-size/history-ttl: only a store that retains messages uses them;"
                        + " set tidings.channels.jobs.store=history, or remove them"),
                problems(Map.of(
                        "tidings.channels.jobs.store", "queue",
                        "tidings.channels.jobs.history-size", "100")));
    }

    @Test
    void historyTtlOnALatestChannelIsRejected() {
        assertEquals(List.of("tidings.channels.prices.history-size/history-ttl: only a store that retains messages uses them;"
                        + " set tidings.channels.prices.store=history, or remove them"),
                problems(Map.of(
                        "tidings.channels.prices.store", "latest",
                        "tidings.channels.prices.history-ttl", "5m")));
    }

    @Test
    void historySizeOnAChannelOfTheDefaultStoreIsRejected() {
        assertEquals(List.of("tidings.channels.jobs.history-size/history-ttl: only a store that retains messages uses them;"
                        + " set tidings.channels.jobs.store=history, or remove them"),
                problems(Map.of("tidings.channels.jobs.history-size", "100")));
    }

    @Test
    void historyKeysAreAcceptedForACustomStore() {
        TidingsConfig config = ConfigParser.parse(Map.of(
                "tidings.channels.audit.store", "audit",
                "tidings.channels.audit.history-size", "50",
                "tidings.channels.audit.history-ttl", "30s"), Set.of("latest", "queue", "history", "audit"));

        assertEquals(new ChannelSettings("audit", "audit", "local", 1024, Overflow.DISCONNECT, 50, Optional.of(Duration.ofSeconds(30))),
                config.channel("audit").orElseThrow());
    }

    @Test
    void historyTtlZeroMeansNoTtl() {
        TidingsConfig config = parse(Map.of(
                "tidings.channels.feed.store", "history",
                "tidings.channels.feed.history-ttl", "0"));

        assertEquals(Optional.empty(), config.channel("feed").orElseThrow().historyTtl());
    }

    @Test
    void badHistoryTtlIsRejectedAsADuration() {
        assertEquals(List.of("tidings.channels.feed.history-ttl=soon: allowed values: a duration such as 500ms, 15s, 2m or 0 (off)"),
                problems(Map.of(
                        "tidings.channels.feed.store", "history",
                        "tidings.channels.feed.history-ttl", "soon")));
    }

    @Test
    void historySizeZeroIsRejected() {
        assertEquals(List.of("tidings.channels.feed.history-size=0: allowed values: an integer from 1 to 1000000"),
                problems(Map.of(
                        "tidings.channels.feed.store", "history",
                        "tidings.channels.feed.history-size", "0")));
    }

    @Test
    void historySizeAboveTheMaximumIsRejected() {
        assertEquals(List.of("tidings.channels.feed.history-size=1000001: allowed values: an integer from 1 to 1000000"),
                problems(Map.of(
                        "tidings.channels.feed.store", "history",
                        "tidings.channels.feed.history-size", "1000001")));
    }

    @Test
    void historySizeThatIsNotANumberIsRejected() {
        assertEquals(List.of("tidings.channels.feed.history-size=lots: allowed values: an integer from 1 to 1000000"),
                problems(Map.of(
                        "tidings.channels.feed.store", "history",
                        "tidings.channels.feed.history-size", "lots")));
    }

    @Test
    void channelsWithoutHistoryKeepTheDefaultHistorySettings() {
        ChannelSettings settings = parse(Map.of("tidings.channels.jobs.store", "queue")).channel("jobs").orElseThrow();

        assertEquals(1000, settings.historySize());
        assertEquals(Optional.empty(), settings.historyTtl());
        assertEquals(ChannelSettings.DEFAULT_HISTORY_SIZE, settings.historySize());
    }
}
