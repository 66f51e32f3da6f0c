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
    private static final Set<String> BUILT_IN = Set.of("latest", "queue");

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
                "tidings.sse.heartbeat", " 5s ",
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
                "tidings.sse.heartbeat", "500ms",
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
        assertEquals(Duration.ZERO, parse(Map.of("tidings.sse.heartbeat", "0")).heartbeat());
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
                Set.of("latest", "queue", "audit"));

        assertEquals("audit", config.channel("audit").orElseThrow().store());
    }

    // ---- invalid values: exact messages

    @Test
    void unknownStoreNamesTheKeyAndTheAvailableStores() {
        assertEquals(List.of("tidings.channels.prices.store=history: unknown store; allowed values: latest|queue"
                        + " (a custom store is a CDI bean implementing dev.tidings.spi.Store)"),
                problems(Map.of("tidings.channels.prices.store", "history")));
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
        assertEquals(List.of("tidings.channels.audit.store=audit: unknown store; allowed values: latest|queue"
                        + " (a custom store is a CDI bean implementing dev.tidings.spi.Store)"),
                problems(Map.of("tidings.channels.audit.store", "audit")));
    }

    @Test
    void redisBrokerIsUnknown() {
        assertEquals(List.of("tidings.channels.prices.broker=redis: unknown broker; allowed values: local"),
                problems(Map.of("tidings.channels.prices.broker", "redis")));
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
        assertEquals(List.of("tidings.channels.prices.stor: unknown key 'stor'; allowed keys: [store, broker, buffer, overflow]"),
                problems(Map.of("tidings.channels.prices.stor", "latest")));
    }

    @Test
    void channelPropertyWithoutKeyIsRejected() {
        assertEquals(List.of("tidings.channels.prices: expected tidings.channels.<name>.<key> with key one of"
                        + " [store, broker, buffer, overflow]"),
                problems(Map.of("tidings.channels.prices", "latest")));
    }

    @Test
    void badDurationIsRejected() {
        assertEquals(List.of("tidings.sse.heartbeat=soon: allowed values: a duration such as 500ms, 15s, 2m or 0 (off)"),
                problems(Map.of("tidings.sse.heartbeat", "soon")));
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
        properties.put("tidings.channels.prices.store", "history");
        properties.put("tidings.channels.prices.broker", "redis");
        properties.put("tidings.channels.prices.buffer", "0");
        properties.put("tidings.channels.prices.overflow", "bogus");
        properties.put("tidings.sse.heartbeat", "soon");
        properties.put("tidings.publish.http.enabled", "yes");

        List<String> problems = problems(properties);

        assertEquals(List.of(
                "tidings.channels.prices.store=history: unknown store; allowed values: latest|queue"
                        + " (a custom store is a CDI bean implementing dev.tidings.spi.Store)",
                "tidings.channels.prices.broker=redis: unknown broker; allowed values: local",
                "tidings.channels.prices.buffer=0: allowed values: an integer from 1 to 1000000",
                "tidings.channels.prices.overflow=bogus: allowed values: disconnect|drop-oldest",
                "tidings.sse.heartbeat=soon: allowed values: a duration such as 500ms, 15s, 2m or 0 (off)",
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
}
