package dev.tidings.config;

import dev.tidings.spi.ChannelSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every Tidings setting, validated. Built once at startup by {@link ConfigParser}; the defaults below are
 * the ones documented in the README's configuration reference.
 *
 * @param channels declared channels, sorted by name
 * @param heartbeat keep-alive interval for idle subscribers: an SSE comment, a WebSocket ping
 *                  ({@code tidings.heartbeat}, default 15s; 0 = off)
 * @param retry SSE reconnect delay sent to clients ({@code tidings.sse.retry}, default 3s)
 * @param httpPublish whether {@code POST /api/channels/{name}} is enabled ({@code tidings.publish.http.enabled}, default false)
 * @param publishToken bearer token HTTP publishers must send ({@code tidings.publish.http.token}, default none)
 * @param maxPublishBytes largest accepted publish body ({@code tidings.publish.max-bytes}, default 65536)
 * @param demo whether the demo publishers run ({@code tidings.demo.enabled}, default false)
 * @param tcp the TCP line-protocol listener ({@code tidings.tcp.*}, off by default)
 * @param events event sockets ({@code tidings.events.*})
 * @param redis the Redis broker ({@code tidings.redis.*})
 */
public record TidingsConfig(
        List<ChannelSettings> channels,
        Duration heartbeat,
        Duration retry,
        boolean httpPublish,
        Optional<String> publishToken,
        int maxPublishBytes,
        boolean demo,
        TcpSettings tcp,
        EventsSettings events,
        RedisSettings redis) {

    public static final String PREFIX = "tidings.";
    public static final String CHANNELS = "tidings.channels.";
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_RETRY = Duration.ofSeconds(3);
    public static final int DEFAULT_MAX_PUBLISH_BYTES = 64 * 1024;
    public static final int DEFAULT_BUFFER = 1024;
    public static final int MAX_BUFFER = 1_000_000;
    public static final int MAX_HISTORY = 1_000_000;

    public Optional<ChannelSettings> channel(String name) {
        return channels.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
