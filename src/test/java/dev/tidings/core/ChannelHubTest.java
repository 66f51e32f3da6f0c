package dev.tidings.core;

import dev.tidings.Eventually;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.Message;
import dev.tidings.spi.ChannelSettings;
import dev.tidings.spi.ChannelStore;
import dev.tidings.spi.CloseReason;
import dev.tidings.spi.Envelope;
import dev.tidings.spi.OutboundBuffer;
import dev.tidings.spi.Overflow;
import dev.tidings.spi.SubscribeRequest;
import dev.tidings.spi.Subscriber;
import dev.tidings.store.LatestStore;
import dev.tidings.store.QueueStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChannelHubTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern ID = Pattern.compile("([0-9a-z]+)-([0-9]+)");
    private static final Optional<String> NO_EVENT = Optional.empty();

    private ExecutorService pool;
    /** Completes "later, on another thread" stages of {@link FakeSubscriber#completingOn}. */
    private ExecutorService completer;

    @BeforeEach
    void startPools() {
        pool = Executors.newFixedThreadPool(2);
        completer = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void stopPools() throws InterruptedException {
        pool.shutdownNow();
        completer.shutdownNow();
        assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
        assertTrue(completer.awaitTermination(5, TimeUnit.SECONDS));
    }

    // ---- ids

    @Test
    void idsAreEpochDashOffsetWithOffsetIncreasingByOne() {
        ChannelHub hub = queueHub(16, Overflow.DISCONNECT);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(hub.publish(NO_EVENT, "m" + i));
        }

        String epoch = epoch(ids.get(0));
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(epoch, epoch(ids.get(i)), "same epoch for every id of a hub");
            assertEquals(i + 1, offset(ids.get(i)), "offset of message " + i);
        }
    }

    @Test
    void idsPublishedFromSeveralThreadsAreUniqueAndGapless() throws Exception {
        ChannelHub hub = queueHub(16, Overflow.DISCONNECT);
        List<String> ids = publishConcurrently(hub, 4, 500);

        assertEquals(2000, new HashSet<>(ids).size(), "unique ids");
        List<Long> offsets = ids.stream().map(ChannelHubTest::offset).sorted().toList();
        for (int i = 0; i < offsets.size(); i++) {
            assertEquals(i + 1L, offsets.get(i));
        }
    }

    @Test
    void messagesCarryTheChannelEventAndData() {
        ChannelHub hub = queueHub(16, Overflow.DISCONNECT);
        FakeSubscriber s = FakeSubscriber.recording();
        hub.subscribe(SubscribeRequest.fresh(), s);

        String id = hub.publish(Optional.of("tick"), "42");

        await("message delivered", () -> s.count() == 1);
        assertEquals(new Message("test", id, Optional.of("tick"), "42"), s.messages().get(0));
    }

    // ---- latest store

    @Test
    void latestNewSubscriberGetsTheCurrentValueFirst() {
        ChannelHub hub = latestHub();
        hub.publish(NO_EVENT, "v1");
        String v2 = hub.publish(NO_EVENT, "v2");
        FakeSubscriber s = FakeSubscriber.recording();

        hub.subscribe(SubscribeRequest.fresh(), s);
        await("current value delivered", () -> s.count() == 1);
        String v3 = hub.publish(NO_EVENT, "v3");
        await("live value delivered", () -> s.count() == 2);

        assertEquals(List.of(v2, v3), s.received());
        assertEquals(List.of("v2", "v3"), s.data());
    }

    @Test
    void latestSubscriberBeforeFirstPublishGetsOnlyLiveValues() {
        ChannelHub hub = latestHub();
        FakeSubscriber s = FakeSubscriber.recording();
        hub.subscribe(SubscribeRequest.fresh(), s);

        String v1 = hub.publish(NO_EVENT, "v1");
        await("value delivered", () -> s.count() == 1);

        assertEquals(List.of(v1), s.received());
    }

    @Test
    void latestSlowSubscriberSkipsIntermediateValuesAndEndsOnTheNewest() {
        ChannelHub hub = latestHub();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        FakeSubscriber slow = FakeSubscriber.gated(gate);
        Subscription subscription = hub.subscribe(SubscribeRequest.fresh(), slow);
        String first = hub.publish(NO_EVENT, "v1");
        await("first value in flight", () -> slow.count() == 1);

        String newest = null;
        for (int i = 2; i <= 100; i++) {
            newest = hub.publish(NO_EVENT, "v" + i);
        }
        assertEquals(1, subscription.pending(), "one pending value per subscriber");
        gate.complete(null);
        await("newest value delivered", () -> slow.count() == 2);

        assertEquals(List.of(first, newest), slow.received());
        assertEquals(0, subscription.pending());
        assertFalse(subscription.isClosed());
    }

    @Test
    void latestSubscriberCompletingOnAnotherThreadSeesIncreasingIdsEndingOnTheNewest() {
        ChannelHub hub = latestHub();
        FakeSubscriber s = FakeSubscriber.completingOn(completer);
        hub.subscribe(SubscribeRequest.fresh(), s);

        String newest = null;
        for (int i = 0; i < 2000; i++) {
            newest = hub.publish(NO_EVENT, "v" + i);
        }
        String last = newest;
        await("newest value delivered", () -> s.count() > 0 && last.equals(s.lastReceived()));

        List<Long> offsets = s.received().stream().map(ChannelHubTest::offset).toList();
        for (int i = 1; i < offsets.size(); i++) {
            assertTrue(offsets.get(i) > offsets.get(i - 1), "increasing ids, was " + offsets);
        }
        assertEquals(0, s.overlaps.get(), "at most one write outstanding");
    }

    // ---- queue store

    @Test
    void queueNewSubscriberGetsNoOldMessages() {
        ChannelHub hub = queueHub(16, Overflow.DISCONNECT);
        hub.publish(NO_EVENT, "before");
        FakeSubscriber s = FakeSubscriber.recording();
        hub.subscribe(SubscribeRequest.fresh(), s);

        String after = hub.publish(NO_EVENT, "after");
        await("live message delivered", () -> s.count() == 1);

        assertEquals(List.of(after), s.received());
    }

    @Test
    void queuePreservesPublishOrderForEverySubscriber() {
        int count = 5000;
        ChannelHub hub = queueHub(count, Overflow.DISCONNECT);
        FakeSubscriber immediate = FakeSubscriber.recording();
        FakeSubscriber later = FakeSubscriber.completingOn(completer);
        hub.subscribe(SubscribeRequest.fresh(), immediate);
        hub.subscribe(SubscribeRequest.fresh(), later);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(hub.publish(NO_EVENT, "m" + i));
        }
        await("all delivered", () -> immediate.count() == count && later.count() == count);

        assertEquals(ids, immediate.received());
        assertEquals(ids, later.received());
        assertEquals(0, immediate.overlaps.get(), "at most one write outstanding");
        assertEquals(0, later.overlaps.get(), "at most one write outstanding");
    }

    @Test
    void disconnectOverflowClosesANeverReadingSubscriberWithSlowConsumer() throws InterruptedException {
        int buffer = 4;
        ChannelHub hub = queueHub(buffer, Overflow.DISCONNECT);
        FakeSubscriber slow = FakeSubscriber.neverReading();
        Subscription subscription = hub.subscribe(SubscribeRequest.fresh(), slow);
        hub.publish(NO_EVENT, "m1");
        await("first message in flight", () -> slow.count() == 1);

        for (int i = 2; i <= buffer + 1; i++) {
            hub.publish(NO_EVENT, "m" + i);
        }
        assertFalse(subscription.isClosed(), "one in flight plus a full buffer is no overflow yet");
        assertEquals(buffer, subscription.pending());
        assertEquals(1, hub.subscriberCount());

        hub.publish(NO_EVENT, "m" + (buffer + 2));

        assertTrue(subscription.isClosed());
        assertTrue(slow.closed.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "subscriber closed");
        assertEquals(List.of(new CloseReason(ErrorCode.SLOW_CONSUMER, "outgoing buffer of 4 messages overflowed")),
                slow.closes());
        await("subscriber removed", () -> hub.subscriberCount() == 0);
        assertEquals(1, slow.count(), "nothing more was written to it");
        assertEquals(0, subscription.pending(), "its buffer was released");
    }

    @Test
    void disconnectOverflowOfOneSubscriberDoesNotAffectAFastOne() throws InterruptedException {
        int buffer = 4;
        ChannelHub hub = queueHub(buffer, Overflow.DISCONNECT);
        FakeSubscriber slow = FakeSubscriber.neverReading();
        FakeSubscriber fast = FakeSubscriber.recording();
        hub.subscribe(SubscribeRequest.fresh(), slow);
        Subscription fastSubscription = hub.subscribe(SubscribeRequest.fresh(), fast);

        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            ids.add(hub.publish(NO_EVENT, "m" + i));
            int published = i;
            // the fast client keeps up: it has read each message before the next one is published
            await("message " + i + " read by the fast subscriber", () -> fast.count() == published);
        }
        assertTrue(slow.closed.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "slow subscriber closed");
        await("fast subscriber got everything", () -> fast.count() == ids.size());

        assertEquals(ids, fast.received());
        assertEquals(List.of(), fast.closes());
        assertFalse(fastSubscription.isClosed());
        await("only the fast subscriber left", () -> hub.subscriberCount() == 1);
    }

    @Test
    void dropOldestKeepsASlowSubscriberConnectedAndDeliversTheNewestMessages() {
        ChannelHub hub = queueHub(4, Overflow.DROP_OLDEST);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        FakeSubscriber slow = FakeSubscriber.gated(gate);
        Subscription subscription = hub.subscribe(SubscribeRequest.fresh(), slow);
        List<String> ids = new ArrayList<>();
        ids.add(hub.publish(NO_EVENT, "m1"));
        await("first message in flight", () -> slow.count() == 1);

        for (int i = 2; i <= 10; i++) {
            ids.add(hub.publish(NO_EVENT, "m" + i));
        }
        assertFalse(subscription.isClosed());
        assertEquals(1, hub.subscriberCount());
        assertEquals(4, subscription.pending());
        gate.complete(null);
        await("buffered messages delivered", () -> slow.count() == 5);

        assertEquals(List.of(ids.get(0), ids.get(6), ids.get(7), ids.get(8), ids.get(9)), slow.received());
        assertEquals(List.of(), slow.closes());
        assertFalse(subscription.isClosed());
    }

    // ---- the publisher is never blocked

    @Test
    void publishingToAQueueWithNeverReadingSubscribersDoesNotBlock() {
        ChannelHub hub = queueHub(16, Overflow.DROP_OLDEST);
        List<Subscription> subscriptions = new ArrayList<>();
        List<FakeSubscriber> subscribers = List.of(
                FakeSubscriber.neverReading(), FakeSubscriber.neverReading(), FakeSubscriber.neverReading());
        for (FakeSubscriber s : subscribers) {
            subscriptions.add(hub.subscribe(SubscribeRequest.fresh(), s));
        }
        hub.publish(NO_EVENT, "m0");
        await("first write in flight everywhere", () -> subscribers.stream().allMatch(s -> s.count() == 1));

        String last = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            String id = null;
            for (int i = 1; i < 10_000; i++) {
                id = hub.publish(NO_EVENT, "m" + i);
            }
            return id;
        });

        assertEquals(10_000, offset(last));
        assertEquals(3, hub.subscriberCount());
        for (Subscription s : subscriptions) {
            assertFalse(s.isClosed());
            assertEquals(16, s.pending(), "memory stays bounded by the buffer");
        }
        for (FakeSubscriber s : subscribers) {
            assertEquals(1, s.count(), "the first write never completed, so nothing else was written");
        }
    }

    @Test
    void publishingToLatestWithANeverReadingSubscriberDoesNotBlock() {
        ChannelHub hub = latestHub();
        FakeSubscriber subscriber = FakeSubscriber.neverReading();
        Subscription subscription = hub.subscribe(SubscribeRequest.fresh(), subscriber);
        hub.publish(NO_EVENT, "v0");
        await("first write in flight", () -> subscriber.count() == 1);

        String last = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            String id = null;
            for (int i = 1; i < 10_000; i++) {
                id = hub.publish(NO_EVENT, "v" + i);
            }
            return id;
        });

        assertEquals(10_000, offset(last));
        assertFalse(subscription.isClosed());
        assertEquals(1, subscription.pending());
    }

    // ---- concurrency

    @Test
    void concurrentPublishersDeliverTheHubsIdOrderExactlyOnceToEverySubscriber() throws Exception {
        int threads = 4;
        int perThread = 1500;
        int total = threads * perThread;
        ChannelHub hub = queueHub(total, Overflow.DISCONNECT);
        List<FakeSubscriber> subscribers = List.of(
                FakeSubscriber.recording(), FakeSubscriber.completingOn(completer), FakeSubscriber.recording());
        for (FakeSubscriber s : subscribers) {
            hub.subscribe(SubscribeRequest.fresh(), s);
        }

        List<String> ids = publishConcurrently(hub, threads, perThread);
        List<String> expected = new ArrayList<>(ids);
        expected.sort(Comparator.comparingLong(ChannelHubTest::offset));
        await("every subscriber got every message",
                () -> subscribers.stream().allMatch(s -> s.count() >= total));

        assertEquals(total, new HashSet<>(expected).size());
        for (FakeSubscriber s : subscribers) {
            assertEquals(expected, s.received());
            assertEquals(0, s.overlaps.get(), "at most one write outstanding");
        }
    }

    // ---- ending subscriptions

    @Test
    void cancelRemovesTheSubscriberAndStopsDeliveries() {
        ChannelHub hub = queueHub(16, Overflow.DISCONNECT);
        FakeSubscriber s = FakeSubscriber.recording();
        Subscription subscription = hub.subscribe(SubscribeRequest.fresh(), s);
        String first = hub.publish(NO_EVENT, "m1");
        await("first message delivered", () -> s.count() == 1);

        subscription.cancel();
        hub.publish(NO_EVENT, "m2");

        assertTrue(subscription.isClosed());
        assertEquals(0, hub.subscriberCount());
        assertEquals(List.of(first), s.received());
    }

    @Test
    void cancelReleasesBufferedMessages() {
        ChannelHub hub = queueHub(16, Overflow.DISCONNECT);
        FakeSubscriber slow = FakeSubscriber.neverReading();
        Subscription subscription = hub.subscribe(SubscribeRequest.fresh(), slow);
        hub.publish(NO_EVENT, "m1");
        await("first message in flight", () -> slow.count() == 1);
        hub.publish(NO_EVENT, "m2");
        hub.publish(NO_EVENT, "m3");
        assertEquals(2, subscription.pending());

        subscription.cancel();

        assertEquals(0, subscription.pending());
    }

    @Test
    void cancelDoesNotCallClose() {
        ChannelHub hub = queueHub(16, Overflow.DISCONNECT);
        FakeSubscriber s = FakeSubscriber.recording();
        Subscription subscription = hub.subscribe(SubscribeRequest.fresh(), s);

        subscription.cancel();
        subscription.cancel();

        assertEquals(0, hub.subscriberCount());
        assertEquals(List.of(), s.closes());
    }

    @Test
    void cancelKeepsOtherSubscribers() {
        ChannelHub hub = queueHub(16, Overflow.DISCONNECT);
        FakeSubscriber a = FakeSubscriber.recording();
        FakeSubscriber b = FakeSubscriber.recording();
        Subscription sa = hub.subscribe(SubscribeRequest.fresh(), a);
        hub.subscribe(SubscribeRequest.fresh(), b);

        sa.cancel();
        String id = hub.publish(NO_EVENT, "m1");
        await("remaining subscriber served", () -> b.count() == 1);

        assertEquals(1, hub.subscriberCount());
        assertEquals(List.of(id), b.received());
        assertEquals(List.of(), a.received());
    }

    @Test
    void sendThatThrowsEndsTheSubscription() throws InterruptedException {
        ChannelHub hub = queueHub(16, Overflow.DISCONNECT);
        FakeSubscriber s = new FakeSubscriber(e -> {
            throw new IllegalStateException("client gone");
        });
        Subscription subscription = hub.subscribe(SubscribeRequest.fresh(), s);

        hub.publish(NO_EVENT, "m1");

        assertTrue(s.closed.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "subscriber closed");
        assertEquals(List.of(CloseReason.sendFailed()), s.closes());
        assertTrue(subscription.isClosed());
        await("subscriber removed", () -> hub.subscriberCount() == 0);
        hub.publish(NO_EVENT, "m2");
        assertEquals(1, s.count(), "send attempted once, never again");
    }

    @Test
    void stageCompletedExceptionallyEndsTheSubscription() throws InterruptedException {
        ChannelHub hub = queueHub(16, Overflow.DISCONNECT);
        FakeSubscriber s = new FakeSubscriber(e -> CompletableFuture.failedFuture(new IOException("connection reset")));
        Subscription subscription = hub.subscribe(SubscribeRequest.fresh(), s);

        hub.publish(NO_EVENT, "m1");

        assertTrue(s.closed.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "subscriber closed");
        assertEquals(List.of(new CloseReason(ErrorCode.INTERNAL, "write to client failed")), s.closes());
        assertTrue(subscription.isClosed());
        await("subscriber removed", () -> hub.subscriberCount() == 0);
        hub.publish(NO_EVENT, "m2");
        assertEquals(1, s.count(), "send attempted once, never again");
    }

    @Test
    void stageFailingLaterOnAnotherThreadEndsTheSubscription() throws InterruptedException {
        ChannelHub hub = queueHub(16, Overflow.DISCONNECT);
        FakeSubscriber s = new FakeSubscriber(e -> CompletableFuture.runAsync(() -> {
            throw new IllegalStateException("broken pipe");
        }, completer));
        Subscription subscription = hub.subscribe(SubscribeRequest.fresh(), s);

        hub.publish(NO_EVENT, "m1");
        hub.publish(NO_EVENT, "m2");

        assertTrue(s.closed.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "subscriber closed");
        assertEquals(List.of(CloseReason.sendFailed()), s.closes());
        assertTrue(subscription.isClosed());
        await("subscriber removed", () -> hub.subscriberCount() == 0);
    }

    @Test
    void shutdownClosesEverySubscriberWithShuttingDown() throws InterruptedException {
        ChannelHub hub = queueHub(16, Overflow.DISCONNECT);
        FakeSubscriber idle = FakeSubscriber.recording();
        FakeSubscriber busy = FakeSubscriber.neverReading();
        Subscription idleSubscription = hub.subscribe(SubscribeRequest.fresh(), idle);
        Subscription busySubscription = hub.subscribe(SubscribeRequest.fresh(), busy);
        hub.publish(NO_EVENT, "m1");
        await("message in flight", () -> busy.count() == 1);

        hub.shutdown(false);

        assertTrue(idle.closed.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "idle subscriber closed");
        assertTrue(busy.closed.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "busy subscriber closed");
        CloseReason expected = new CloseReason(ErrorCode.SHUTTING_DOWN, "server is shutting down; reconnect");
        assertEquals(List.of(expected), idle.closes());
        assertEquals(List.of(expected), busy.closes());
        assertTrue(idleSubscription.isClosed());
        assertTrue(busySubscription.isClosed());
        await("subscribers removed", () -> hub.subscriberCount() == 0);
    }

    @Test
    void disconnectAllEndsTheSubscribersButTheChannelGoesOn() throws InterruptedException {
        ChannelHub hub = queueHub(16, Overflow.DISCONNECT);
        FakeSubscriber first = FakeSubscriber.recording();
        hub.subscribe(SubscribeRequest.fresh(), first);

        assertEquals(1, hub.disconnectAll());

        assertTrue(first.closed.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "subscriber closed");
        assertEquals(List.of(CloseReason.shuttingDown()), first.closes());
        await("subscriber removed", () -> hub.subscriberCount() == 0);
        FakeSubscriber next = FakeSubscriber.recording();
        hub.subscribe(SubscribeRequest.fresh(), next);
        hub.publish(NO_EVENT, "after");
        await("the channel still delivers", () -> next.count() == 1);
    }

    @Test
    void shutdownClosesTheStore() {
        ChannelSettings settings = settings("queue", 16, Overflow.DISCONNECT);
        AtomicInteger closes = new AtomicInteger();
        ChannelStore store = new ForwardingStore(new QueueStore().open(settings)) {
            @Override
            public void close() {
                closes.incrementAndGet();
            }
        };
        ChannelHub hub = new ChannelHub(settings, store, pool);

        hub.shutdown(false);

        assertEquals(1, closes.get());
    }

    @Test
    void shutdownOnJvmExitClosesEverySubscriberBeforeReturning() {
        ChannelHub hub = queueHub(16, Overflow.DISCONNECT);
        FakeSubscriber idle = FakeSubscriber.recording();
        FakeSubscriber busy = FakeSubscriber.neverReading();
        hub.subscribe(SubscribeRequest.fresh(), idle);
        hub.subscribe(SubscribeRequest.fresh(), busy);
        hub.publish(NO_EVENT, "m1");
        await("message in flight", () -> busy.count() == 1);

        hub.shutdown(true);

        CloseReason expected = new CloseReason(ErrorCode.SHUTTING_DOWN, "server is shutting down; reconnect");
        assertEquals(List.of(expected), idle.closes(), "closed on the calling thread, before shutdown returned");
        assertEquals(List.of(expected), busy.closes());
        assertEquals(0, hub.subscriberCount());
    }

    @Test
    void endClosesOnlyTheMatchingSubscribersAndKeepsTheOthers() {
        ChannelHub hub = queueHub(16, Overflow.DISCONNECT);
        FakeSubscriber first = FakeSubscriber.recording();
        FakeSubscriber later = FakeSubscriber.recording();
        hub.subscribe(SubscribeRequest.fresh(), first);
        Subscription laterSubscription = hub.subscribe(SubscribeRequest.fresh(), later);

        hub.end(s -> s == first, true);

        CloseReason expected = new CloseReason(ErrorCode.SHUTTING_DOWN, "server is shutting down; reconnect");
        assertEquals(List.of(expected), first.closes(), "closed on the calling thread, before end returned");
        assertEquals(List.of(), later.closes());
        assertFalse(laterSubscription.isClosed());
        assertEquals(1, hub.subscriberCount());
    }

    @Test
    void publishAfterTheExecutorStoppedEndsSubscribersWithShuttingDown() {
        TrackingExecutor executor = new TrackingExecutor(pool);
        ChannelSettings settings = settings("queue", 16, Overflow.DISCONNECT);
        ChannelHub hub = new ChannelHub(settings, new QueueStore().open(settings), executor);
        FakeSubscriber s = FakeSubscriber.recording();
        Subscription subscription = hub.subscribe(SubscribeRequest.fresh(), s);
        await("subscribe drained", executor::idle);
        pool.shutdown();

        hub.publish(NO_EVENT, "m1");

        assertTrue(subscription.isClosed());
        assertEquals(List.of(CloseReason.shuttingDown()), s.closes());
        assertEquals(0, hub.subscriberCount());
    }

    @Test
    void subscriberCountCountsSubscriptions() {
        ChannelHub hub = queueHub(16, Overflow.DISCONNECT);
        assertEquals(0, hub.subscriberCount());
        hub.subscribe(SubscribeRequest.fresh(), FakeSubscriber.recording());
        hub.subscribe(SubscribeRequest.fresh(), FakeSubscriber.recording());

        assertEquals(2, hub.subscriberCount());
    }

    // ---- heartbeats

    @Test
    void heartbeatTickOnAnIdleSubscriptionSendsAHeartbeat() {
        ChannelHub hub = queueHub(16, Overflow.DISCONNECT);
        FakeSubscriber s = FakeSubscriber.recording();
        Subscription subscription = hub.subscribe(SubscribeRequest.fresh(), s);

        subscription.heartbeatTick();

        await("heartbeat written", () -> s.heartbeats.get() == 1);
        assertEquals(0, s.count());
    }

    @Test
    void hubHeartbeatAsksEveryIdleSubscriber() {
        ChannelHub hub = latestHub();
        FakeSubscriber a = FakeSubscriber.recording();
        FakeSubscriber b = FakeSubscriber.recording();
        hub.subscribe(SubscribeRequest.fresh(), a);
        hub.subscribe(SubscribeRequest.fresh(), b);

        hub.heartbeat();

        await("heartbeats written", () -> a.heartbeats.get() == 1 && b.heartbeats.get() == 1);
    }

    @Test
    void heartbeatTickAfterAMessageWasSentSendsNoHeartbeat() {
        TrackingExecutor executor = new TrackingExecutor(pool);
        ChannelSettings settings = settings("queue", 16, Overflow.DISCONNECT);
        ChannelHub hub = new ChannelHub(settings, new QueueStore().open(settings), executor);
        FakeSubscriber s = FakeSubscriber.recording();
        Subscription subscription = hub.subscribe(SubscribeRequest.fresh(), s);
        hub.publish(NO_EVENT, "m1");
        await("message written", () -> s.count() == 1);
        int tasksBefore = executor.submitted.get();

        subscription.heartbeatTick();

        assertEquals(tasksBefore, executor.submitted.get(), "no write was scheduled");
        assertEquals(0, s.heartbeats.get());
    }

    @Test
    void secondIdleHeartbeatTickAfterAMessageSendsAHeartbeat() {
        ChannelHub hub = queueHub(16, Overflow.DISCONNECT);
        FakeSubscriber s = FakeSubscriber.recording();
        Subscription subscription = hub.subscribe(SubscribeRequest.fresh(), s);
        hub.publish(NO_EVENT, "m1");
        await("message written", () -> s.count() == 1);

        subscription.heartbeatTick();
        subscription.heartbeatTick();

        await("heartbeat written", () -> s.heartbeats.get() == 1);
    }

    @Test
    void heartbeatOnABusySubscriptionWaitsForTheWriteInFlight() {
        ChannelHub hub = queueHub(16, Overflow.DISCONNECT);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        FakeSubscriber s = FakeSubscriber.gated(gate);
        Subscription subscription = hub.subscribe(SubscribeRequest.fresh(), s);
        hub.publish(NO_EVENT, "m1");
        await("message in flight", () -> s.count() == 1);
        subscription.heartbeatTick(); // resets "active"

        subscription.heartbeatTick(); // due, but a write is in flight
        assertEquals(0, s.heartbeats.get());
        gate.complete(null);

        await("heartbeat written after the write completed", () -> s.heartbeats.get() == 1);
        assertEquals(0, s.overlaps.get(), "at most one write outstanding");
    }

    // ---- helpers

    private ChannelSettings settings(String store, int buffer, Overflow overflow) {
        return new ChannelSettings("test", store, "local", buffer, overflow);
    }

    private ChannelHub queueHub(int buffer, Overflow overflow) {
        ChannelSettings settings = settings("queue", buffer, overflow);
        return new ChannelHub(settings, new QueueStore().open(settings), pool);
    }

    private ChannelHub latestHub() {
        ChannelSettings settings = settings("latest", 1024, Overflow.DISCONNECT);
        return new ChannelHub(settings, new LatestStore().open(settings), pool);
    }

    /** Publishes from several threads at once; returns every id publish() returned. */
    private static List<String> publishConcurrently(ChannelHub hub, int threads, int perThread) throws Exception {
        ExecutorService publishers = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(publishers.submit(() -> {
                    start.await();
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        ids.add(hub.publish(NO_EVENT, "t" + thread + "-" + i));
                    }
                    return ids;
                }));
            }
            start.countDown();
            List<String> all = new ArrayList<>();
            for (Future<List<String>> r : results) {
                all.addAll(r.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            }
            return all;
        } finally {
            publishers.shutdownNow();
        }
    }

    private static String epoch(String id) {
        Matcher m = ID.matcher(id);
        assertTrue(m.matches(), "id " + id + " is <epoch>-<offset>");
        return m.group(1);
    }

    private static long offset(String id) {
        Matcher m = ID.matcher(id);
        assertTrue(m.matches(), "id " + id + " is <epoch>-<offset>");
        return Long.parseLong(m.group(2));
    }

    /** Polls until the condition holds; fails after {@link #TIMEOUT}. */
    static void await(String what, BooleanSupplier condition) {
        try {
            Eventually.await(what, TIMEOUT, condition::getAsBoolean);
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("waiting for " + what + " failed", e);
        }
    }

    /** A subscriber that records what it is given; how its writes complete is up to the test. */
    static final class FakeSubscriber implements Subscriber {
        private final Function<Envelope, CompletionStage<Void>> write;
        private final List<Message> messages = Collections.synchronizedList(new ArrayList<>());
        private final List<CloseReason> closes = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger heartbeats = new AtomicInteger();
        final AtomicInteger flushes = new AtomicInteger();
        /** Calls to send or heartbeat made while a previous write was still outstanding (a contract breach). */
        final AtomicInteger overlaps = new AtomicInteger();
        final CountDownLatch closed = new CountDownLatch(1);
        private volatile CompletionStage<Void> outstanding = DONE;

        FakeSubscriber(Function<Envelope, CompletionStage<Void>> write) {
            this.write = write;
        }

        /** Every write completes at once. */
        static FakeSubscriber recording() {
            return new FakeSubscriber(e -> DONE);
        }

        /** Every write completes when (or once) the gate completes. */
        static FakeSubscriber gated(CompletableFuture<Void> gate) {
            return new FakeSubscriber(e -> gate);
        }

        /** A client that never reads: the first write never completes. */
        static FakeSubscriber neverReading() {
            return gated(new CompletableFuture<>());
        }

        /** Every write completes a little later, on another thread. */
        static FakeSubscriber completingOn(Executor other) {
            return new FakeSubscriber(e -> CompletableFuture.runAsync(() -> { }, other));
        }

        @Override
        public CompletionStage<Void> send(Envelope envelope) {
            checkNothingOutstanding();
            messages.add(envelope.message());
            CompletionStage<Void> stage = write.apply(envelope);
            outstanding = stage;
            return stage;
        }

        @Override
        public CompletionStage<Void> heartbeat() {
            checkNothingOutstanding();
            heartbeats.incrementAndGet();
            return DONE;
        }

        @Override
        public void flush() {
            flushes.incrementAndGet();
        }

        @Override
        public void close(CloseReason reason) {
            closes.add(reason);
            closed.countDown();
        }

        private void checkNothingOutstanding() {
            if (!outstanding.toCompletableFuture().isDone()) {
                overlaps.incrementAndGet();
            }
        }

        int count() {
            return messages.size();
        }

        List<Message> messages() {
            synchronized (messages) {
                return List.copyOf(messages);
            }
        }

        List<String> received() {
            return messages().stream().map(Message::id).toList();
        }

        List<String> data() {
            return messages().stream().map(Message::data).toList();
        }

        String lastReceived() {
            synchronized (messages) {
                return messages.isEmpty() ? null : messages.get(messages.size() - 1).id();
            }
        }

        List<CloseReason> closes() {
            synchronized (closes) {
                return List.copyOf(closes);
            }
        }
    }

    /** Counts the tasks handed to the executor and those that have finished. */
    static final class TrackingExecutor implements Executor {
        private final Executor delegate;
        final AtomicInteger submitted = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();

        TrackingExecutor(Executor delegate) {
            this.delegate = delegate;
        }

        @Override
        public void execute(Runnable task) {
            submitted.incrementAndGet();
            try {
                delegate.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        finished.incrementAndGet();
                    }
                });
            } catch (RuntimeException rejected) {
                submitted.decrementAndGet();
                throw rejected;
            }
        }

        /** No task queued or running. */
        boolean idle() {
            return finished.get() == submitted.get();
        }
    }

    /** A store that forwards to another, for overriding one method. */
    static class ForwardingStore implements ChannelStore {
        private final ChannelStore delegate;

        ForwardingStore(ChannelStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public void append(Envelope envelope) {
            delegate.append(envelope);
        }

        @Override
        public List<Envelope> backlog(SubscribeRequest request) {
            return delegate.backlog(request);
        }

        @Override
        public OutboundBuffer newBuffer() {
            return delegate.newBuffer();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
