package dev.tidings.store.redis;

import dev.tidings.config.RedisSettings;
import dev.tidings.spi.BrokerChannel;
import dev.tidings.spi.BrokerSink;
import dev.tidings.spi.ChannelSettings;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Redis broker of one instance: a command connection for publishing and catching up, a Pub/Sub
 * connection subscribed to every shared channel, and the relay lease for external publishers.
 *
 * <p>Outages: if Redis is down at start, it keeps trying (1 s, doubling to 30 s). Once connected, the client
 * reconnects and resubscribes by itself; every (re)subscription makes the channel catch up from Redis (the
 * stream of a history channel, the current value of a latest one), so nothing a history channel retained is
 * missed. While Redis is down, publishing fails at once ({@code broker-unavailable}, 503) instead of being
 * queued, and local subscribers stay connected.
 */
public final class RedisBroker implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RedisBroker.class.getName());
    private static final long MAX_RETRY_MILLIS = 30_000;
    private static final long RELAY_LEASE_MILLIS = 10_000;
    private static final long RELAY_RENEW_MILLIS = 3_000;

    private final RedisSettings settings;
    private final ScheduledExecutorService scheduler;
    private final ThreadFactory threads;
    private ClientResources resources;
    private RedisClient client;
    private final String instance = UUID.randomUUID().toString();
    private final Map<String, RedisChannel> channels = new ConcurrentHashMap<>();
    private final CountDownLatch firstSync = new CountDownLatch(1);
    private volatile StatefulRedisConnection<String, String> commands;
    private volatile StatefulRedisPubSubConnection<String, String> pubsub;
    private volatile boolean relay;
    private volatile boolean closed;
    private volatile ScheduledFuture<?> pending;
    private ScheduledFuture<?> lease;

    /**
     * @param threads where the client's I/O threads come from (the container's managed thread factory)
     * @param scheduler runs connection retries and the relay lease
     */
    public RedisBroker(RedisSettings settings, ThreadFactory threads, ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.threads = threads;
    }

    /**
     * The client, made on first use on the scheduler's thread. OpenLiberty runs threads of a managed thread
     * factory only once the application has started, and the client starts its timer thread and waits for it
     * when it is made: made during startup, it would wait forever.
     */
    private RedisClient client() {
        if (client == null) {
            resources = DefaultClientResources.builder().threadFactoryProvider(pool -> threads).build();
            RedisURI uri = RedisURI.create(settings.uri());
            uri.setTimeout(settings.commandTimeout());
            client = RedisClient.create(resources, uri);
            client.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    // A publish while Redis is down fails now (503) rather than waiting in a queue to be sent later.
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).keepAlive(true).build())
                    .build());
        }
        return client;
    }

    /** Shares a channel through Redis; call before {@link #start()}. */
    public BrokerChannel open(ChannelSettings channel, BrokerSink sink) {
        RedisChannel shared = new RedisChannel(this, channel, sink, settings.prefix());
        channels.put(shared.pubsubChannel(), shared);
        return shared;
    }

    /** Connects in the background; returns at once. */
    public void start() {
        scheduler.execute(() -> connect(1000));
    }

    /** Waits until every shared channel has caught up once, at most {@code timeout}; false if it has not. */
    public boolean awaitFirstSync(Duration timeout) throws InterruptedException {
        return firstSync.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether both connections are up. */
    public boolean available() {
        StatefulRedisConnection<String, String> c = commands;
        StatefulRedisPubSubConnection<String, String> p = pubsub;
        return c != null && c.isOpen() && p != null && p.isOpen();
    }

    /** For error messages: where Redis is, without the password. */
    String where() {
        return RedisSettings.redacted(settings.uri());
    }

    StatefulRedisConnection<String, String> commands() {
        return commands;
    }

    /** Runs a task later on the scheduler, unless the broker is closed by then. */
    void later(Runnable task, long delayMillis) {
        if (!closed) {
            scheduler.schedule(() -> {
                if (!closed) {
                    task.run();
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    boolean relay() {
        return relay;
    }

    /** A channel caught up; the first time every channel has, startup may go on. */
    void synced() {
        if (channels.values().stream().allMatch(RedisChannel::syncedOnce)) {
            firstSync.countDown();
        }
    }

    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> p = pending;
        if (p != null) {
            p.cancel(false);
        }
        if (lease != null) {
            lease.cancel(false);
        }
        try {
            if (pubsub != null) {
                pubsub.close();
            }
            if (commands != null) {
                commands.close();
            }
            if (client != null) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
                resources.shutdown(0, 2, TimeUnit.SECONDS);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "closing the Redis client failed", e);
        }
    }

    private void connect(long retryMillis) {
        if (closed) {
            return;
        }
        StatefulRedisConnection<String, String> c = null;
        try {
            c = client().connect();
            StatefulRedisPubSubConnection<String, String> p = client().connectPubSub();
            p.addListener(new Listener());
            commands = c;
            pubsub = p;
            p.sync().subscribe(channels.keySet().toArray(String[]::new));
            lease = scheduler.scheduleWithFixedDelay(this::renewLease, 0, RELAY_RENEW_MILLIS, TimeUnit.MILLISECONDS);
            LOG.info(() -> "Tidings shares " + channels.size() + " channels through Redis at " + where());
        } catch (RuntimeException e) {
            LOG.warning(() -> "Redis at " + where() + " is unavailable (" + e.getMessage() + "); shared channels cannot publish; retrying in "
                    + retryMillis + " ms");
            if (c != null) {
                c.close();
            }
            commands = null;
            long next = Math.min(MAX_RETRY_MILLIS, retryMillis * 2);
            pending = scheduler.schedule(() -> connect(next), retryMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void renewLease() {
        StatefulRedisConnection<String, String> c = commands;
        if (c == null || !c.isOpen()) {
            relay = false;
            return;
        }
        try {
            Long held = c.sync().eval(RedisScripts.RELAY_LEASE, ScriptOutputType.INTEGER,
                    new String[] {settings.prefix() + "relay"}, instance, String.valueOf(RELAY_LEASE_MILLIS));
            relay = held != null && held == 1L;
        } catch (RuntimeException e) {
            relay = false;
        }
    }

    /** Pub/Sub callbacks, on the client's I/O thread: nothing here blocks. */
    private final class Listener extends RedisPubSubAdapter<String, String> {
        @Override
        public void message(String channel, String payload) {
            RedisChannel shared = channels.get(channel);
            if (shared != null) {
                shared.received(payload);
            }
        }

        /** Also after every reconnect: the client resubscribes, and the channel catches up. */
        @Override
        public void subscribed(String channel, long count) {
            RedisChannel shared = channels.get(channel);
            if (shared != null) {
                shared.resync();
            }
        }
    }
}
