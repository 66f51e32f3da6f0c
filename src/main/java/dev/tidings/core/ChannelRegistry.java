package dev.tidings.core;

import dev.tidings.api.ChannelInfo;
import dev.tidings.api.Channels;
import dev.tidings.api.ErrorCode;
import dev.tidings.api.Publisher;
import dev.tidings.api.TidingsException;
import dev.tidings.api.UnknownChannelException;
import dev.tidings.config.Names;
import dev.tidings.config.TidingsConfig;
import dev.tidings.spi.BrokerChannel;
import dev.tidings.spi.ChannelSettings;
import dev.tidings.store.redis.RedisBroker;
import dev.tidings.spi.Store;
import dev.tidings.spi.SubscribeRequest;
import dev.tidings.spi.Subscriber;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The channels of this application, built from the validated configuration at startup. Transports subscribe
 * through it, publishers publish through it; it never exposes a store.
 *
 * <p>Writes run on a small pool of container-managed threads (one per core): they never block, so more
 * threads would only add switching. Closing a subscriber (which a container may do with a blocking write)
 * runs on the container's default managed executor, heartbeats on its managed scheduler.
 */
@ApplicationScoped
public class ChannelRegistry implements Channels {
    private static final Logger LOG = Logger.getLogger(ChannelRegistry.class.getName());
    /** How long a JVM exit waits for the closing frames to be written. */
    private static final long SHUTDOWN_GRACE_MILLIS = 500;
    /** How often OpenLiberty's stop signal is checked: well within its quiesce (as long as an SSE stream is open). */
    private static final long LIBERTY_STOP_POLL_MILLIS = 100;

    @Inject
    TidingsExtension extension;
    @Inject
    @Any
    Instance<Store> stores;
    @Resource
    ManagedThreadFactory threadFactory;
    @Resource
    ManagedScheduledExecutorService scheduler;
    @Resource
    ManagedExecutorService closer;

    private TidingsConfig config;
    private ExecutorService writers;
    private Map<String, ChannelHub> hubs = Map.of();
    private ScheduledFuture<?> heartbeats;
    /** The Redis broker, when some channel has {@code broker=redis}. */
    private RedisBroker redis;
    private final AtomicBoolean stopped = new AtomicBoolean();
    /**
     * Payara Micro stops on SIGTERM without undeploying applications, so {@link #stop()} never runs and clients
     * see their connections cut (SSE without its last chunk, WebSocket 1006). This hook ends them properly
     * instead. A normal undeploy removes it.
     */
    private Thread shutdownHook;
    /** OpenLiberty only: watches for {@code server stop}, see {@link LibertyStopSignal}. */
    private volatile ScheduledFuture<?> libertyStopWatch;

    @PostConstruct
    void start() {
        config = extension.config();
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        writers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threadFactory);
        Map<String, Store> storesByName = new LinkedHashMap<>();
        for (Store s : stores) {
            storesByName.put(s.name(), s);
        }
        Map<String, ChannelHub> built = new LinkedHashMap<>();
        for (ChannelSettings settings : config.channels()) {
            Store store = storesByName.get(settings.store());
            built.put(settings.name(), new ChannelHub(settings, store.open(settings), writers, closer));
        }
        hubs = Map.copyOf(built);
        shareThroughRedis();
        long every = config.heartbeat().toMillis();
        if (every > 0) {
            heartbeats = scheduler.scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
        }
        shutdownHook = new Thread(() -> closeAll(true, false), "tidings-shutdown");
        try {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IllegalStateException | SecurityException e) {
            shutdownHook = null;
        }
        LibertyStopSignal.find(ManagementFactory.getPlatformMBeanServer()).ifPresent(this::watchLibertyStop);
        LOG.info(() -> "Tidings started with channels " + hubs.keySet());
    }

    @PreDestroy
    void stop() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is exiting: the hook is running or has run
            }
        }
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
        if (libertyStopWatch != null) {
            libertyStopWatch.cancel(false);
        }
        closeAll(false, false);
        if (redis != null) {
            redis.close();
        }
        writers.shutdown();
        try {
            writers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * OpenLiberty: {@code server stop} quiesces the HTTP endpoint before it stops the application: it waits up
     * to 30 s for the requests in flight (SSE streams), then cuts every connection, WebSockets included, so
     * {@link #stop()} comes too late. This ends the subscriptions as soon as the server starts stopping instead,
     * while they can still be written to; with no request left in flight the quiesce then ends at once.
     *
     * <p>WebSockets do not count as requests in flight: Liberty drops them as soon as no SSE stream is left.
     * So they are closed first, on this thread, and the SSE streams, which hold the quiesce open meanwhile, only
     * once the WebSocket close frames are written. With no SSE stream open at all, Liberty drops the WebSockets
     * within milliseconds of the stop command, before this watch can see it: they get no 1001 then.
     */
    private void watchLibertyStop(LibertyStopSignal signal) {
        libertyStopWatch = scheduler.scheduleWithFixedDelay(() -> {
            if (!stopped.get() && signal.stopping()) {
                closeAll(false, true);
            }
        }, LIBERTY_STOP_POLL_MILLIS, LIBERTY_STOP_POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Ends every subscription once, whoever asks first (undeploy, JVM exit, OpenLiberty stopping): SSE streams
     * end, WebSockets close with 1001, so clients reconnect (elsewhere) and resume.
     *
     * @param streamsLast first close, on this thread, the subscribers that do not {@linkplain
     *                    Subscriber#holdsServerStop() hold the server's stop}, then the others
     */
    private void closeAll(boolean jvmExiting, boolean streamsLast) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        int subscribers = hubs.values().stream().mapToInt(ChannelHub::subscriberCount).sum();
        LOG.info(() -> "Tidings stopping: closing " + subscribers + " subscribers (SSE streams end, WebSockets close 1001)");
        if (streamsLast) {
            hubs.values().forEach(hub -> hub.end(s -> !s.holdsServerStop(), true));
        }
        hubs.values().forEach(hub -> hub.shutdown(jvmExiting));
        if (jvmExiting && subscribers > 0) {
            try {
                Thread.sleep(SHUTDOWN_GRACE_MILLIS); // let the last frames leave before the server closes its sockets
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The validated configuration. */
    public TidingsConfig config() {
        return config;
    }

    /**
     * Attaches a transport's subscriber to a channel.
     *
     * @throws UnknownChannelException if the channel is not declared
     */
    public Subscription subscribe(String channel, SubscribeRequest request, Subscriber subscriber) {
        ChannelHub hub = hub(channel);
        hub.awaitResumePoint(request, config.redis().commandTimeout());
        return hub.subscribe(request, subscriber);
    }

    /**
     * Checks a subscribe request against the channel before a transport commits to streaming.
     *
     * @throws UnknownChannelException if the channel is not declared
     * @throws TidingsException ({@link ErrorCode#BAD_REQUEST}) for a resume position the channel never issued
     */
    public void check(String channel, SubscribeRequest request) {
        ChannelHub hub = hub(channel);
        hub.awaitResumePoint(request, config.redis().commandTimeout());
        hub.checkResume(request);
    }

    /**
     * Publishes to a channel.
     *
     * @return the message id
     * @throws UnknownChannelException if the channel is not declared
     * @throws TidingsException ({@link ErrorCode#BAD_REQUEST}) for a null payload or an invalid event name
     */
    public String publish(String channel, Optional<String> event, String data) {
        if (data == null) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "message data must not be null");
        }
        if (event.isPresent() && !Names.isEvent(event.get())) {
            throw new TidingsException(ErrorCode.BAD_REQUEST,
                    "invalid event name; event names match " + Names.EVENT.pattern());
        }
        return hub(channel).publish(event, data);
    }

    /**
     * Ends every subscription of a channel on this instance, so its clients reconnect and resume: to move them
     * to other instances before maintenance, or after their permissions changed. SSE streams end, WebSockets
     * close with 1001, TCP connections get {@code ERR shutting-down}.
     *
     * @return how many subscriptions were ended
     * @throws UnknownChannelException if the channel is not declared
     */
    public int disconnectAll(String channel) {
        return hub(channel).disconnectAll();
    }

    public boolean exists(String channel) {
        return hubs.containsKey(channel);
    }

    @Override
    public List<ChannelInfo> list() {
        return hubs.values().stream().map(ChannelRegistry::info).sorted(Comparator.comparing(ChannelInfo::name)).toList();
    }

    @Override
    public Optional<ChannelInfo> find(String name) {
        return Optional.ofNullable(hubs.get(name)).map(ChannelRegistry::info);
    }

    @Override
    public Publisher publisher(String name) {
        hub(name);
        return new ChannelPublisher(this, name);
    }

    private ChannelHub hub(String channel) {
        ChannelHub hub = hubs.get(channel);
        if (hub == null) {
            throw new UnknownChannelException(channel);
        }
        return hub;
    }

    private void heartbeat() {
        for (ChannelHub hub : hubs.values()) {
            hub.heartbeat();
        }
    }

    /**
     * Connects the {@code broker=redis} channels to Redis, in the background. Each accepts subscribers once it
     * has caught up (they retry meanwhile). Without Redis the application starts all the same: the shared
     * channels report their broker down and their publishes fail until Redis is back.
     */
    private void shareThroughRedis() {
        List<ChannelHub> shared = hubs.values().stream().filter(h -> "redis".equals(h.settings().broker())).toList();
        if (shared.isEmpty()) {
            return;
        }
        redis = new RedisBroker(config.redis(), threadFactory, scheduler);
        shared.forEach(hub -> hub.shareThrough(redis.open(hub.settings(), hub)));
        redis.start();
    }

    /** Whether every channel's broker is reachable (always, for local channels). */
    public boolean brokersAvailable() {
        return hubs.values().stream().allMatch(ChannelRegistry::brokerAvailable);
    }

    /** A shared channel is up when its broker is reachable and it has caught up with it since the start. */
    private static boolean brokerAvailable(ChannelHub hub) {
        return hub.broker().map(b -> b.available() && hub.caughtUpOnce()).orElse(true);
    }

    private static ChannelInfo info(ChannelHub hub) {
        ChannelSettings s = hub.settings();
        return new ChannelInfo(s.name(), s.store(), s.broker(), hub.subscriberCount(), brokerAvailable(hub));
    }
}
