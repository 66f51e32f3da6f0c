package dev.tidings.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.Eventually;
import dev.tidings.TestRedis;
import dev.tidings.api.ErrorCode;
import dev.tidings.api.Message;
import dev.tidings.api.TidingsException;
import dev.tidings.config.RedisSettings;
import dev.tidings.spi.ChannelSettings;
import dev.tidings.spi.MessageId;
import dev.tidings.spi.Overflow;
import dev.tidings.spi.Store;
import dev.tidings.spi.SubscribeRequest;
import dev.tidings.store.HistoryStore;
import dev.tidings.store.LatestStore;
import dev.tidings.store.QueueStore;
import dev.tidings.store.redis.RedisBroker;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The broker contract, run on the local broker and on Redis (a real redis-server), then what only a shared
 * channel does: several instances, each with its own {@link RedisBroker} and channel, on one Redis.
 */
class SharedChannelTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int PORT = 16390;

    /** One instance's channel: local, or shared through its own Redis broker. */
    interface Instance extends AutoCloseable {
        ChannelHub hub();

        @Override
        void close();
    }

    /** The same checks for every broker: what one instance sees of its own channel. */
    abstract static class Contract {
        abstract Instance instance(String store, String channel);

        @Test
        void publishedMessagesReachASubscriberOnceInOrderWithTheReturnedIds() throws Exception {
            try (Instance a = instance("queue", "c-order")) {
                Recorder r = Recorder.subscribe(a.hub(), SubscribeRequest.fresh());
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    ids.add(a.hub().publish(i % 2 == 0 ? Optional.empty() : Optional.of("odd"), "m" + i));
                }
                List<Message> got = r.await(50);
                for (int i = 0; i < 50; i++) {
                    assertEquals(ids.get(i), got.get(i).id());
                    assertEquals("m" + i, got.get(i).data());
                    assertEquals(i % 2 == 0 ? Optional.empty() : Optional.of("odd"), got.get(i).event());
                }
            }
        }

        @Test
        void aHistorySubscriberResumesExactlyAfterItsId() throws Exception {
            try (Instance a = instance("history", "c-resume")) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    ids.add(a.hub().publish(Optional.empty(), "h" + i));
                }
                awaitPosition(a.hub(), ids.get(9));
                Recorder r = Recorder.subscribe(a.hub(), SubscribeRequest.of(MessageId.parse(ids.get(4)), 0));
                assertEquals(ids.subList(5, 10), r.await(5).stream().map(Message::id).toList());
            }
        }

        @Test
        void aLatestSubscriberGetsTheCurrentValue() throws Exception {
            try (Instance a = instance("latest", "c-latest")) {
                a.hub().publish(Optional.empty(), "1");
                String id = a.hub().publish(Optional.empty(), "2");
                awaitPosition(a.hub(), id);
                assertEquals("2", Recorder.subscribe(a.hub(), SubscribeRequest.fresh()).await(1).get(0).data());
            }
        }
    }

    @Nested
    class Local extends Contract {
        @Override
        Instance instance(String store, String channel) {
            ChannelHub hub = new ChannelHub(settings(store, channel), store(store).open(settings(store, channel)), POOL);
            return new Instance() {
                public ChannelHub hub() {
                    return hub;
                }

                public void close() {
                }
            };
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Redis extends Contract {
        @Override
        Instance instance(String store, String channel) {
            return shared(store, channel);
        }

        @AfterEach
        void flush() {
            redisCommand(c -> c.sync().flushall());
        }

        @Test
        void aMessagePublishedOnOneInstanceReachesEveryInstanceOnceInOrder() throws Exception {
            try (Instance a = shared("queue", "s-fan"); Instance b = shared("queue", "s-fan")) {
                Recorder onA = Recorder.subscribe(a.hub(), SubscribeRequest.fresh());
                Recorder onB = Recorder.subscribe(b.hub(), SubscribeRequest.fresh());
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    ids.add((i % 2 == 0 ? a : b).hub().publish(Optional.empty(), "m" + i));
                }
                assertEquals(ids, onA.await(100).stream().map(Message::id).toList());
                assertEquals(ids, onB.await(100).stream().map(Message::id).toList(), "same ids, same order everywhere");
                assertEquals(List.of(), onB.extra(Duration.ofMillis(200)), "once");
            }
        }

        @Test
        void aClientResumesOnAnotherInstanceWithAnIdFromTheFirst() throws Exception {
            try (Instance a = shared("history", "s-resume")) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    ids.add(a.hub().publish(Optional.empty(), "h" + i));
                }
                try (Instance b = shared("history", "s-resume")) { // started later: catches up from the stream
                    awaitPosition(b.hub(), ids.get(19));
                    Recorder r = Recorder.subscribe(b.hub(), SubscribeRequest.of(MessageId.parse(ids.get(7)), 0));
                    String live = a.hub().publish(Optional.empty(), "live");
                    List<String> expected = new ArrayList<>(ids.subList(8, 20));
                    expected.add(live);
                    assertEquals(expected, r.await(13).stream().map(Message::id).toList());
                }
            }
        }

        @Test
        void aNewInstanceGivesTheSharedLatestValue() throws Exception {
            try (Instance a = shared("latest", "s-latest")) {
                a.hub().publish(Optional.empty(), "old");
                a.hub().publish(Optional.empty(), "current");
                try (Instance b = shared("latest", "s-latest")) {
                    assertEquals("current", Recorder.subscribe(b.hub(), SubscribeRequest.fresh()).await(1).get(0).data());
                }
            }
        }

        @Test
        void anExternalPublishReachesEveryInstanceOnceWithOneId() throws Exception {
            try (Instance a = shared("history", "s-ext"); Instance b = shared("history", "s-ext")) {
                Recorder onA = Recorder.subscribe(a.hub(), SubscribeRequest.fresh());
                Recorder onB = Recorder.subscribe(b.hub(), SubscribeRequest.fresh());
                Eventually.await("a relay holds the lease", WAIT, () -> redisCommand(c -> c.sync().get("tidings:relay")) != null);
                redisCommand(c -> c.sync().publish("tidings:s-ext", "follow the white rabbit"));
                Message onAMessage = onA.await(1).get(0);
                assertEquals("follow the white rabbit", onAMessage.data());
                assertEquals(onAMessage.id(), onB.await(1).get(0).id(), "one id on every instance");
                assertEquals(List.of(), onA.extra(Duration.ofMillis(200)), "relayed once");
                assertEquals(Long.valueOf(1), redisCommand(c -> c.sync().xlen("tidings:s-ext:stream")), "and kept in history");
            }
        }

        @Test
        void anInstanceThatMissedPubSubCatchesUpFromTheStream() throws Exception {
            try (Instance a = shared("history", "s-gap"); Instance b = shared("history", "s-gap")) {
                Recorder onB = Recorder.subscribe(b.hub(), SubscribeRequest.fresh());
                String first = a.hub().publish(Optional.empty(), "before");
                onB.await(1);
                redisCommand(c -> c.sync().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub()));
                List<String> ids = new ArrayList<>(List.of(first));
                for (int i = 0; i < 10; i++) { // some while B's subscription is down and reconnecting
                    ids.add(a.hub().publish(Optional.empty(), "during-" + i));
                }
                assertEquals(ids, onB.await(11).stream().map(Message::id).toList(), "nothing missed, in order");
            }
        }

        @Test
        void withoutRedisPublishingFailsWith503AndRecoversWhenRedisIsBack() throws Exception {
            try (Instance a = shared("history", "s-down")) {
                Recorder r = Recorder.subscribe(a.hub(), SubscribeRequest.fresh());
                String before = a.hub().publish(Optional.empty(), "before");
                r.await(1);
                redis.stop();
                Eventually.await("the broker reported down", WAIT, () -> !a.hub().broker().orElseThrow().available());
                TidingsException e = assertThrows(TidingsException.class, () -> a.hub().publish(Optional.empty(), "lost?"));
                assertEquals(ErrorCode.BROKER_UNAVAILABLE, e.code());
                assertTrue(e.getMessage().startsWith("Redis at redis://127.0.0.1:" + PORT + " is unavailable ("), e.getMessage());
                assertFalse(r.subscription.isClosed(), "local subscribers stay connected");

                redis.start(); // no persistence: Redis comes back empty, so the channel starts a new epoch
                Eventually.await("the broker reported up", Duration.ofSeconds(30), () -> a.hub().broker().orElseThrow().available());
                String after = Eventually.require("a publish succeeds", Duration.ofSeconds(30), () -> {
                    try {
                        return a.hub().publish(Optional.empty(), "after");
                    } catch (TidingsException retry) {
                        return null;
                    }
                }, id -> id != null);
                assertEquals("after", r.await(2).get(1).data());
                assertNotEquals(MessageId.parse(before).orElseThrow().epoch(), MessageId.parse(after).orElseThrow().epoch(),
                        "Redis lost its state: a new epoch, so old ids are reported as a gap rather than replayed wrongly");
            }
        }
    }

    @Test
    void resumingWithAnIdThisInstanceHasNotReceivedYetWaitsForItInsteadOfFailing() throws Exception {
        ChannelSettings settings = settings("history", "s-race");
        ChannelHub hub = new ChannelHub(settings, store("history").open(settings), POOL);
        hub.shareThrough(new dev.tidings.spi.BrokerChannel() { // the broker is played by the test
            public String publish(Optional<String> event, String data) {
                throw new UnsupportedOperationException();
            }

            public boolean available() {
                return true;
            }
        });
        hub.caughtUp();
        hub.deliver(new Message("s-race", "ep-1", Optional.empty(), "one"), new MessageId("ep", 1));
        // Another instance handed out ep-3; this one has delivered only ep-1 so far.
        java.util.concurrent.CompletableFuture<Recorder> resumed = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            hub.awaitResumePoint(SubscribeRequest.of(MessageId.parse("ep-3"), 0), WAIT);
            return Recorder.subscribe(hub, SubscribeRequest.of(MessageId.parse("ep-3"), 0));
        });
        hub.deliver(new Message("s-race", "ep-2", Optional.empty(), "two"), new MessageId("ep", 2));
        assertFalse(resumed.isDone(), "still waiting for ep-3");
        hub.deliver(new Message("s-race", "ep-3", Optional.empty(), "three"), new MessageId("ep", 3));
        Recorder r = resumed.get(10, TimeUnit.SECONDS);
        hub.deliver(new Message("s-race", "ep-4", Optional.empty(), "four"), new MessageId("ep", 4));
        assertEquals(List.of("ep-4"), r.await(1).stream().map(Message::id).toList(), "nothing it already had, then live");
        assertEquals(List.of(), r.extra(Duration.ofMillis(100)));

        TidingsException bogus = assertThrows(TidingsException.class, () -> {
            hub.awaitResumePoint(SubscribeRequest.of(MessageId.parse("ep-99"), 0), Duration.ofMillis(50));
            hub.checkResume(SubscribeRequest.of(MessageId.parse("ep-99"), 0));
        });
        assertEquals(ErrorCode.BAD_REQUEST, bogus.code(), "an id still ahead after the wait is refused");
    }

    @Test
    void aSharedChannelRefusesSubscribersUntilItHasCaughtUp() throws Exception {
        try (TestRedis late = new TestRedis(PORT + 4)) {
            ChannelSettings settings = settings("history", "s-ready");
            ChannelHub hub = new ChannelHub(settings, store("history").open(settings), POOL);
            RedisBroker broker = broker("redis://127.0.0.1:" + late.port());
            hub.shareThrough(broker.open(settings, hub));
            broker.start();
            try {
                TidingsException e = assertThrows(TidingsException.class,
                        () -> hub.subscribe(SubscribeRequest.fresh(), ChannelHubTest.FakeSubscriber.recording()));
                assertEquals(ErrorCode.BROKER_UNAVAILABLE, e.code());
                assertEquals("channel s-ready has not caught up with its broker since the server started; retry in a moment", e.getMessage());
                late.start();
                awaitCaughtUp(hub);
            } finally {
                broker.close();
            }
        }
    }

    @Test
    void startingWithoutRedisPublishesFailUntilItAnswers() throws Exception {
        try (TestRedis late = new TestRedis(PORT + 2)) {
            ChannelSettings settings = settings("queue", "s-late");
            ChannelHub hub = new ChannelHub(settings, store("queue").open(settings), POOL);
            RedisBroker broker = broker("redis://127.0.0.1:" + late.port());
            hub.shareThrough(broker.open(settings, hub));
            broker.start();
            try {
                assertFalse(broker.available());
                assertEquals(ErrorCode.BROKER_UNAVAILABLE,
                        assertThrows(TidingsException.class, () -> hub.publish(Optional.empty(), "x")).code());
                late.start();
                Eventually.await("connected by itself", Duration.ofSeconds(30), broker::available);
                awaitCaughtUp(hub);
                Recorder r = Recorder.subscribe(hub, SubscribeRequest.fresh());
                hub.publish(Optional.empty(), "now");
                assertEquals("now", r.await(1).get(0).data());
            } finally {
                broker.close();
            }
        }
    }

    @Test
    void aPasswordInTheUriIsUsedAndAWrongOneLeavesTheBrokerDown() throws Exception {
        try (TestRedis guarded = new TestRedis(PORT + 3, "requirepass s3cret").start()) {
            RedisBroker right = broker("redis://:s3cret@127.0.0.1:" + guarded.port() + "/2");
            RedisBroker wrong = broker("redis://:guess@127.0.0.1:" + guarded.port());
            try {
                ChannelSettings settings = settings("queue", "s-auth");
                ChannelHub hub = new ChannelHub(settings, store("queue").open(settings), POOL);
                hub.shareThrough(right.open(settings, hub));
                right.start();
                Eventually.await("authenticated", WAIT, right::available);
                awaitCaughtUp(hub);
                Recorder r = Recorder.subscribe(hub, SubscribeRequest.fresh());
                hub.publish(Optional.empty(), "in");
                assertEquals("in", r.await(1).get(0).data());

                ChannelHub other = new ChannelHub(settings, store("queue").open(settings), POOL);
                other.shareThrough(wrong.open(settings, other));
                wrong.start();
                TidingsException e = assertThrows(TidingsException.class, () -> other.publish(Optional.empty(), "x"));
                assertFalse(e.getMessage().contains("guess"), "the password is not in the error: " + e.getMessage());
            } finally {
                right.close();
                wrong.close();
            }
        }
    }

    // ---- fixtures --------------------------------------------------------------------------------------

    private static final ScheduledExecutorService POOL = Executors.newScheduledThreadPool(4);
    private static TestRedis redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = new TestRedis(PORT).start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    static ChannelSettings settings(String store, String channel) {
        return new ChannelSettings(channel, store, "redis", 1024, Overflow.DISCONNECT, 1000, Optional.empty());
    }

    static Store store(String name) {
        return switch (name) {
            case "history" -> new HistoryStore();
            case "latest" -> new LatestStore();
            default -> new QueueStore();
        };
    }

    static Instance shared(String store, String channel) {
        ChannelSettings settings = settings(store, channel);
        ChannelHub hub = new ChannelHub(settings, store(store).open(settings), POOL);
        RedisBroker broker = new RedisBroker(new RedisSettings(redis.uri(), "tidings:", Duration.ofSeconds(1), Duration.ofSeconds(1)),
                Executors.defaultThreadFactory(), POOL);
        hub.shareThrough(broker.open(settings, hub));
        broker.start();
        try {
            assertTrue(broker.awaitFirstSync(WAIT), "caught up from Redis");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return new Instance() {
            public ChannelHub hub() {
                return hub;
            }

            public void close() {
                broker.close();
            }
        };
    }

    static RedisBroker broker(String uri) {
        return new RedisBroker(new RedisSettings(uri, "tidings:", Duration.ofSeconds(1), Duration.ofSeconds(1)), Executors.defaultThreadFactory(), POOL);
    }

    /** A shared channel refuses subscribers until it has caught up with Redis once. */
    static void awaitCaughtUp(ChannelHub hub) throws Exception {
        Eventually.await("caught up with Redis", WAIT, () -> {
            try {
                hub.checkResume(SubscribeRequest.fresh());
                return true;
            } catch (TidingsException e) {
                assertEquals(ErrorCode.BROKER_UNAVAILABLE, e.code());
                return false;
            }
        });
    }

    static void awaitPosition(ChannelHub hub, String id) throws Exception {
        Eventually.await("position " + id, WAIT, () -> hub.position().equals(MessageId.parse(id).orElseThrow()));
    }

    static <T> T redisCommand(java.util.function.Function<StatefulRedisConnection<String, String>, T> command) {
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return command.apply(c);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    /** A subscriber recording every message. */
    static final class Recorder {
        final ChannelHubTest.FakeSubscriber subscriber = ChannelHubTest.FakeSubscriber.recording();
        Subscription subscription;

        static Recorder subscribe(ChannelHub hub, SubscribeRequest request) {
            Recorder r = new Recorder();
            r.subscription = hub.subscribe(request, r.subscriber);
            return r;
        }

        List<Message> await(int count) throws Exception {
            Eventually.await(count + " messages (have " + subscriber.count() + ")", WAIT, () -> subscriber.count() >= count);
            return subscriber.messages().subList(0, count);
        }

        /** Messages beyond those already seen, after waiting {@code quiet}. */
        List<Message> extra(Duration quiet) throws Exception {
            int seen = subscriber.count();
            long until = System.nanoTime() + quiet.toNanos();
            Eventually.until("quiet", quiet.plusMillis(50), () -> System.nanoTime() > until, done -> done);
            return subscriber.messages().subList(seen, subscriber.count());
        }
    }
}
