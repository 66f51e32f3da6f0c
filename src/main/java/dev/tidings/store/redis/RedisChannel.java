package dev.tidings.store.redis;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.Message;
import dev.tidings.api.TidingsException;
import dev.tidings.spi.BrokerChannel;
import dev.tidings.spi.BrokerSink;
import dev.tidings.spi.ChannelSettings;
import dev.tidings.spi.MessageId;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One channel shared through Redis, on this instance.
 *
 * <p>Publishing runs {@link RedisScripts#PUBLISH}: Redis gives the message its cluster-wide id, keeps it
 * (stream or latest value) and publishes it, all at once. Every instance receives it on Pub/Sub and delivers
 * it to its {@link BrokerSink} in that order.
 *
 * <p>Catching up: after each (re)subscription, and when a history channel sees a gap in the offsets, the
 * channel stops delivering, buffers what arrives, reads what it missed from Redis ({@link RedisScripts#SYNC}),
 * delivers that, then the buffer; the sink drops what it already has. So a history channel on every instance
 * holds the same messages with the same ids, and a client may resume on any instance.
 */
final class RedisChannel implements BrokerChannel {
    private static final Logger LOG = Logger.getLogger(RedisChannel.class.getName());
    /** Messages buffered while catching up; beyond this the buffer restarts and the catch-up runs again. */
    private static final int MAX_PENDING = 100_000;
    private static final long RETRY_SYNC_MILLIS = 1000;

    private final RedisBroker broker;
    private final ChannelSettings settings;
    private final BrokerSink sink;
    private final boolean history;
    private final String[] publishKeys;
    private final String[] syncKeys;
    private final String pubsubChannel;
    private final ArrayDeque<RedisEnvelope.Sequenced> pending = new ArrayDeque<>();
    private boolean live;
    private boolean syncing;
    private boolean again;
    private volatile boolean syncedOnce;

    RedisChannel(RedisBroker broker, ChannelSettings settings, BrokerSink sink, String prefix) {
        this.broker = broker;
        this.settings = settings;
        this.sink = sink;
        this.history = "history".equals(settings.store());
        String base = prefix + settings.name();
        this.pubsubChannel = base;
        this.publishKeys = new String[] {base + ":epoch", base + ":offset", base + ":stream", base + ":latest", base};
        this.syncKeys = new String[] {base + ":epoch", base + ":stream", base + ":latest"};
    }

    String pubsubChannel() {
        return pubsubChannel;
    }

    boolean syncedOnce() {
        return syncedOnce;
    }

    @Override
    public String publish(Optional<String> event, String data) {
        StatefulRedisConnection<String, String> c = broker.commands();
        if (c == null || !c.isOpen()) { // publishing needs only this connection; delivery catches up after a Pub/Sub reconnect
            throw unavailable(null);
        }
        try {
            return c.sync().eval(RedisScripts.PUBLISH, ScriptOutputType.VALUE, publishKeys, publishArgs(event, data));
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    @Override
    public boolean available() {
        return broker.available();
    }

    /** A Pub/Sub message, on the client's I/O thread. */
    synchronized void received(String payload) {
        Optional<RedisEnvelope.Sequenced> sequenced = RedisEnvelope.parse(payload);
        if (sequenced.isEmpty()) {
            relay(payload);
            return;
        }
        RedisEnvelope.Sequenced m = sequenced.get();
        if (!live) {
            buffer(m);
            return;
        }
        MessageId at = sink.position();
        if (history && (!m.position().epoch().equals(at.epoch()) || m.position().offset() > at.offset() + 1)) {
            buffer(m); // a gap: read what is missing from the stream first
            resync();
            return;
        }
        deliver(m);
    }

    /** Catches up from Redis, buffering live messages meanwhile. */
    synchronized void resync() {
        live = false;
        if (syncing) {
            again = true;
            return;
        }
        StatefulRedisConnection<String, String> c = broker.commands();
        if (c == null) {
            return; // not connected: the (re)subscription calls again
        }
        syncing = true;
        MessageId at = sink.position();
        c.async().eval(RedisScripts.SYNC, ScriptOutputType.MULTI, syncKeys, settings.store(), at.epoch(), String.valueOf(at.offset()))
                .whenComplete((result, failure) -> synced(result, failure));
    }

    @SuppressWarnings("unchecked")
    private synchronized void synced(Object result, Throwable failure) {
        syncing = false;
        if (failure != null) {
            // Still buffering: try again shortly (a reconnection would also start a catch-up).
            LOG.log(Level.FINE, "catching up " + settings.name() + " from Redis failed; retrying", failure);
            broker.later(this::resync, RETRY_SYNC_MILLIS);
            return;
        }
        List<Object> reply = (List<Object>) result;
        if (reply.size() > 1 && history) {
            String epoch = (String) reply.get(0);
            for (Object entry : (List<Object>) reply.get(1)) {
                List<Object> e = (List<Object>) entry;
                deliver(streamEntry(epoch, (String) e.get(0), (List<Object>) e.get(1)));
            }
        } else if (reply.size() > 1 && reply.get(1) instanceof String latest && !latest.isEmpty()) {
            RedisEnvelope.parse(RedisEnvelope.MARKER + latest).ifPresent(this::deliver);
        }
        while (!pending.isEmpty()) {
            deliver(pending.poll());
        }
        live = true;
        sink.caughtUp();
        if (!syncedOnce) {
            syncedOnce = true;
            broker.synced();
        }
        if (again) {
            again = false;
            resync();
        }
    }

    private void buffer(RedisEnvelope.Sequenced m) {
        if (pending.size() >= MAX_PENDING) {
            pending.clear();
            again = true;
        }
        pending.add(m);
    }

    private void deliver(RedisEnvelope.Sequenced m) {
        sink.deliver(new Message(settings.name(), m.position().toString(), m.event(), m.data()), m.position());
    }

    /**
     * An external program published a plain payload ({@code PUBLISH tidings:news "hello"}). The instance
     * holding the relay lease publishes it as a Tidings message, so it gets an id (and a place in history) like
     * any other; the others ignore it.
     */
    private void relay(String payload) {
        StatefulRedisConnection<String, String> c = broker.commands();
        if (!broker.relay() || c == null) {
            return;
        }
        c.async().eval(RedisScripts.PUBLISH, ScriptOutputType.VALUE, publishKeys, publishArgs(Optional.empty(), payload))
                .whenComplete((id, failure) -> {
                    if (failure != null) {
                        LOG.warning(() -> "relaying an external publish to " + settings.name() + " failed: " + failure);
                    }
                });
    }

    private String[] publishArgs(Optional<String> event, String data) {
        String freshEpoch = Long.toString(System.currentTimeMillis(), 36) + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36);
        return new String[] {freshEpoch, settings.store(), String.valueOf(settings.historySize()), data, event.orElse(""),
                RedisEnvelope.MARKER};
    }

    private RedisEnvelope.Sequenced streamEntry(String epoch, String id, List<Object> fields) {
        long offset = Long.parseLong(id.substring(id.indexOf('-') + 1));
        String data = "";
        Optional<String> event = Optional.empty();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            if ("d".equals(fields.get(i))) {
                data = (String) fields.get(i + 1);
            } else if ("e".equals(fields.get(i))) {
                event = Optional.of((String) fields.get(i + 1));
            }
        }
        return new RedisEnvelope.Sequenced(new MessageId(epoch, offset), event, data);
    }

    private TidingsException unavailable(Exception cause) {
        String detail = cause == null ? "not connected" : cause.getMessage();
        return new TidingsException(ErrorCode.BROKER_UNAVAILABLE, "Redis at " + broker.where() + " is unavailable (" + detail
                + "); the message to " + settings.name() + " was not published; retry later", cause);
    }
}
