package dev.tidings.core;

import static dev.tidings.core.ChannelHubTest.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.Message;
import dev.tidings.api.TidingsException;
import dev.tidings.core.ChannelHubTest.FakeSubscriber;
import dev.tidings.spi.ChannelSettings;
import dev.tidings.spi.CloseReason;
import dev.tidings.spi.Envelope;
import dev.tidings.spi.MessageId;
import dev.tidings.spi.Overflow;
import dev.tidings.spi.SubscribeRequest;
import dev.tidings.spi.Subscriber;
import dev.tidings.store.HistoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A {@code history} channel through the hub: resume, replay, gaps and the backlog-to-live hand-off. */
class ChannelHubResumeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Optional<String> NO_EVENT = Optional.empty();

    private ExecutorService pool;
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

    // ---- resume and replay

    @Test
    void resumingSubscriberGetsExactlyTheMessagesAfterItsIdThenLiveOnes() {
        ChannelHub hub = historyHub(8, 100);
        List<String> ids = publish(hub, 10);
        FakeSubscriber s = FakeSubscriber.recording();

        hub.subscribe(resume(ids.get(6)), s);
        await("backlog delivered", () -> s.count() == 3);
        ids.add(hub.publish(NO_EVENT, "live"));
        await("live message delivered", () -> s.count() == 4);

        assertEquals(ids.subList(7, 11), s.received());
    }

    @Test
    void resumingFromTheHeadGetsOnlyLiveMessages() {
        ChannelHub hub = historyHub(8, 100);
        List<String> ids = publish(hub, 5);
        FakeSubscriber s = FakeSubscriber.recording();

        hub.subscribe(resume(ids.get(4)), s);
        String live = hub.publish(NO_EVENT, "live");
        await("live message delivered", () -> s.count() == 1);

        assertEquals(List.of(live), s.received());
    }

    @Test
    void firstSubscribeWithoutResumeIdGetsOnlyLiveMessages() {
        ChannelHub hub = historyHub(8, 100);
        publish(hub, 5);
        FakeSubscriber s = FakeSubscriber.recording();

        hub.subscribe(SubscribeRequest.fresh(), s);
        String live = hub.publish(NO_EVENT, "live");
        await("live message delivered", () -> s.count() == 1);

        assertEquals(List.of(live), s.received());
    }

    @Test
    void firstSubscribeWithReplayGetsTheLastNThenLiveMessages() {
        ChannelHub hub = historyHub(8, 100);
        List<String> ids = publish(hub, 10);
        FakeSubscriber s = FakeSubscriber.recording();

        hub.subscribe(SubscribeRequest.of(Optional.empty(), 3), s);
        ids.add(hub.publish(NO_EVENT, "live"));
        await("replay and live message delivered", () -> s.count() == 4);

        assertEquals(ids.subList(7, 11), s.received());
    }

    @Test
    void resumingSubscriberCatchesUpOnABacklogLargerThanItsBufferWithoutBeingDisconnected() {
        ChannelHub hub = historyHub(8, 1000);
        List<String> ids = publish(hub, 500);
        FakeSubscriber s = FakeSubscriber.completingOn(completer);

        Subscription subscription = hub.subscribe(resume(new MessageId(epoch(ids.get(0)), 0)), s);
        await("backlog delivered", () -> s.count() == 500);
        ids.add(hub.publish(NO_EVENT, "live"));
        await("live message delivered", () -> s.count() == 501);

        assertSameIds(ids, s.received(), "backlog then live");
        assertFalse(subscription.isClosed());
        assertEquals(List.of(), s.closes());
        assertEquals(0, s.overlaps.get(), "at most one write outstanding");
    }

    // ---- (c) positions the channel never issued, and foreign epochs

    @Test
    void checkResumeRejectsAnIdOfTheCurrentEpochBeyondTheHead() {
        ChannelHub hub = historyHub(8, 100);
        List<String> ids = publish(hub, 3);
        String epoch = epoch(ids.get(0));

        TidingsException e = assertThrows(TidingsException.class,
                () -> hub.checkResume(resume(new MessageId(epoch, 4))));

        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals("Last-Event-ID " + epoch + "-4 is ahead of channel test (last id " + epoch + "-3);"
                + " send an id received from it", e.getMessage());
    }

    @Test
    void checkResumeRejectsAnyIdOfTheCurrentEpochBeforeTheFirstPublish() {
        ChannelHub hub = historyHub(8, 100);
        String epoch = epochOf(hub);

        TidingsException e = assertThrows(TidingsException.class,
                () -> hub.checkResume(resume(new MessageId(epoch, 1))));

        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals("Last-Event-ID " + epoch + "-1 is ahead of channel test (last id " + epoch + "-0);"
                + " send an id received from it", e.getMessage());
    }

    @Test
    void checkResumeAcceptsTheHeadOffsetZeroAnotherEpochAndNoId() {
        ChannelHub hub = historyHub(8, 100);
        List<String> ids = publish(hub, 3);
        String epoch = epoch(ids.get(0));

        assertDoesNotThrow(() -> hub.checkResume(resume(new MessageId(epoch, 3))));
        assertDoesNotThrow(() -> hub.checkResume(resume(new MessageId(epoch, 0))));
        assertDoesNotThrow(() -> hub.checkResume(resume(new MessageId(otherEpoch(epoch), 1_000_000))));
        assertDoesNotThrow(() -> hub.checkResume(SubscribeRequest.of(Optional.empty(), 5)));
    }

    @Test
    void subscribeWithAnIdBeyondTheHeadIsRejectedAndRegistersNothing() {
        ChannelHub hub = historyHub(8, 100);
        List<String> ids = publish(hub, 3);
        String epoch = epoch(ids.get(0));
        FakeSubscriber s = FakeSubscriber.recording();

        TidingsException e = assertThrows(TidingsException.class,
                () -> hub.subscribe(resume(new MessageId(epoch, 9)), s));

        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals("Last-Event-ID " + epoch + "-9 is ahead of channel test (last id " + epoch + "-3);"
                + " send an id received from it", e.getMessage());
        assertEquals(0, hub.subscriberCount());
        hub.publish(NO_EVENT, "after");
        assertEquals(0, s.count());
    }

    @Test
    void idOfAnotherEpochIsAcceptedAndLeadsToAGapNoticeFirst() {
        ChannelHub hub = historyHub(8, 100);
        List<String> ids = publish(hub, 3);
        String epoch = epoch(ids.get(0));
        String foreign = otherEpoch(epoch) + "-2";
        FakeSubscriber s = FakeSubscriber.recording();

        hub.subscribe(resume(MessageId.parse(foreign).orElseThrow()), s);
        String live = hub.publish(NO_EVENT, "live");
        await("gap, backlog and live message delivered", () -> s.count() == 5);

        List<Message> messages = s.messages();
        assertEquals(new Message("test", epoch + "-0", Optional.of("tidings-gap"),
                "{\"reason\":\"unknown-epoch\",\"requested\":\"" + foreign + "\",\"resumedAfter\":\"" + epoch + "-0\"}"),
                messages.get(0));
        assertEquals(List.of(epoch + "-0", ids.get(0), ids.get(1), ids.get(2), live), s.received());
    }

    // ---- (d) a gap notice travels like a message

    @Test
    void gapNoticeOfAnExpiredPositionIsDeliveredThroughTheSubscriberLikeAMessage() {
        ChannelHub hub = historyHub(4, 5);
        List<String> ids = publish(hub, 10);
        String epoch = epoch(ids.get(0));
        FakeSubscriber s = FakeSubscriber.recording();

        hub.subscribe(resume(MessageId.parse(ids.get(1)).orElseThrow()), s);
        String live = hub.publish(NO_EVENT, "live");
        await("gap, backlog and live message delivered", () -> s.count() == 7);

        assertEquals(new Message("test", epoch + "-5", Optional.of("tidings-gap"),
                "{\"reason\":\"expired\",\"requested\":\"" + epoch + "-2\",\"missed\":3,\"resumedAfter\":\"" + epoch + "-5\"}"),
                s.messages().get(0));
        List<String> expected = new ArrayList<>(List.of(epoch + "-5"));
        expected.addAll(ids.subList(5, 10));
        expected.add(live);
        assertEquals(expected, s.received());
        assertEquals(List.of("hello 6", "hello 7", "hello 8", "hello 9", "hello 10", "live"), s.data().subList(1, 7));
    }

    @Test
    void gapNoticeIsWrittenAsOneSendWithItsOwnStage() {
        ChannelHub hub = historyHub(4, 5);
        List<String> ids = publish(hub, 10);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        FakeSubscriber s = FakeSubscriber.gated(gate);

        hub.subscribe(resume(MessageId.parse(ids.get(0)).orElseThrow()), s);
        await("gap notice in flight", () -> s.count() == 1);

        assertEquals(Optional.of("tidings-gap"), s.messages().get(0).event());
        gate.complete(null);
        await("rest of the backlog delivered", () -> s.count() == 6);
        assertEquals(ids.subList(5, 10), s.received().subList(1, 6));
        assertEquals(0, s.overlaps.get(), "at most one write outstanding");
    }

    // ---- (b) slow consumer: disconnected, then resumes without loss or duplicate

    @Test
    void slowConsumerDisconnectedForOverflowResumesFromItsLastIdAndGetsEveryMessageExactlyOnce() throws Exception {
        int buffer = 8;
        ChannelHub hub = historyHub(buffer, 1000);
        Client first = new Client(20, null);
        Subscription firstSubscription = hub.subscribe(SubscribeRequest.fresh(), first);
        List<String> ids = new ArrayList<>();

        // It reads the first 20 messages: each is written before the next one is published.
        for (int i = 1; i <= 20; i++) {
            ids.add(hub.publish(NO_EVENT, "m" + i));
            int published = i;
            await("message " + i + " read", () -> first.received().size() == published);
        }
        // Then it stops reading: message 21 stays in flight, 22..29 fill the buffer, 30 overflows it.
        ids.add(hub.publish(NO_EVENT, "m21"));
        await("message 21 in flight", () -> first.sends.get() == 21);
        for (int i = 22; i <= 29; i++) {
            ids.add(hub.publish(NO_EVENT, "m" + i));
        }
        assertFalse(firstSubscription.isClosed(), "one in flight plus a full buffer is no overflow yet");
        assertEquals(buffer, firstSubscription.pending());
        ids.add(hub.publish(NO_EVENT, "m30"));

        assertTrue(firstSubscription.isClosed());
        assertTrue(first.closed.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "slow subscriber closed");
        assertEquals(List.of(new CloseReason(ErrorCode.SLOW_CONSUMER, "outgoing buffer of 8 messages overflowed")),
                first.closes());
        await("slow subscriber removed", () -> hub.subscriberCount() == 0);

        // Publishing goes on while it is away.
        for (int i = 31; i <= 100; i++) {
            ids.add(hub.publish(NO_EVENT, "m" + i));
        }
        List<String> read = first.received();
        assertEquals(ids.subList(0, 20), read, "what the first connection read");
        assertEquals(21, first.sends.get(), "nothing was written to it after it stalled");

        // It reconnects with the last id it read, catches up on a backlog ten times its buffer, and keeps up.
        FakeSubscriber second = FakeSubscriber.completingOn(completer);
        Subscription secondSubscription = hub.subscribe(resume(read.get(read.size() - 1)), second);
        await("backlog delivered", () -> second.count() == 80);
        for (int i = 101; i <= 150; i++) {
            ids.add(hub.publish(NO_EVENT, "m" + i));
            int delivered = i - 20;
            await("message " + i + " delivered", () -> second.count() == delivered);
        }

        List<String> union = new ArrayList<>(read);
        union.addAll(second.received());
        assertSameIds(ids, union, "every message exactly once, in order");
        assertFalse(secondSubscription.isClosed());
        assertEquals(List.of(), second.closes());
        assertTrue(second.messages().stream().noneMatch(m -> m.event().isPresent()), "no gap notice");
    }

    @Test
    void clientReconnectingAfterEachOverflowWhilePublishingGoesOnGetsEveryMessageExactlyOnce() throws Exception {
        int total = 3000;
        ChannelHub hub = historyHub(8, total);
        String epoch = epochOf(hub);
        Client first = new Client(50, null);
        hub.subscribe(SubscribeRequest.fresh(), first);
        ExecutorService publisher = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch dropped = new CountDownLatch(1);
            Future<List<String>> published = publisher.submit(() -> {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < total; i++) {
                    ids.add(hub.publish(NO_EVENT, "m" + i));
                    if (i < 50) {
                        // the first connection reads its first 50 messages before the publisher speeds up
                        int sent = i + 1;
                        await("message " + sent + " read", () -> first.received().size() == sent);
                    }
                    if (i == total / 3) {
                        // the rest is published while the client reconnects
                        assertTrue(dropped.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
                    }
                }
                return ids;
            });
            assertTrue(first.closed.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "slow subscriber closed");
            assertEquals(List.of(new CloseReason(ErrorCode.SLOW_CONSUMER, "outgoing buffer of 8 messages overflowed")),
                    first.closes());
            dropped.countDown();
            assertEquals(50, first.received().size(), "what the first connection read");

            // Each connection reads until it catches up or overflows again; the next resumes from its last id.
            List<String> union = new ArrayList<>(first.received());
            int connections = 1;
            while (union.size() < total) {
                MessageId last = union.isEmpty() ? new MessageId(epoch, 0) : MessageId.parse(union.get(union.size() - 1)).orElseThrow();
                Client next = new Client(Integer.MAX_VALUE, completer);
                hub.subscribe(resume(last), next);
                int before = union.size();
                await("connection " + (connections + 1) + " ends or catches up",
                        () -> next.closed.getCount() == 0 || before + next.received().size() >= total);
                union.addAll(next.received());
                assertTrue(++connections < 2000, "reconnects make progress");
            }
            List<String> ids = published.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

            assertSameIds(ids, union, "every message exactly once, in order, over " + connections + " connections");
        } finally {
            publisher.shutdownNow();
        }
    }

    // ---- (a) the backlog-to-live hand-off under concurrent publishing

    @Test
    void subscribersResumingWhilePublishersRunGetEveryLaterMessageExactlyOnceInIdOrder() throws Exception {
        int publishers = 4;
        int perPublisher = 5000;
        int total = publishers * perPublisher;
        int subscribers = 20;
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String context = "seed " + seed;
        // Buffers as large as the history: this test is about the hand-off, not about slow consumers.
        ChannelHub hub = historyHub(total, total);
        String epoch = epochOf(hub);
        AtomicLong highest = new AtomicLong();
        ConcurrentLinkedQueue<String> allIds = new ConcurrentLinkedQueue<>();

        int[] thresholds = random.ints(subscribers, 0, total).sorted().toArray();
        boolean[] fromHead = new boolean[subscribers];
        double[] where = new double[subscribers];
        for (int k = 0; k < subscribers; k++) {
            fromHead[k] = random.nextInt(4) == 0;
            where[k] = random.nextDouble();
        }

        ExecutorService threads = Executors.newFixedThreadPool(publishers + 1);
        List<Resumed> resumed = Collections.synchronizedList(new ArrayList<>());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < publishers; t++) {
                int thread = t;
                running.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < perPublisher; i++) {
                        String id = hub.publish(NO_EVENT, "t" + thread + "-" + i);
                        allIds.add(id);
                        highest.accumulateAndGet(MessageId.parse(id).orElseThrow().offset(), Math::max);
                    }
                    return null;
                }));
            }
            running.add(threads.submit(() -> {
                start.await();
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                for (int k = 0; k < subscribers; k++) {
                    while (highest.get() < thresholds[k]) {
                        if (System.nanoTime() > deadline) {
                            throw new AssertionError("publishers stalled below " + thresholds[k]);
                        }
                        Thread.yield();
                    }
                    FakeSubscriber s = k % 2 == 0 ? FakeSubscriber.recording() : FakeSubscriber.completingOn(completer);
                    // an id published earlier, or the newest one known to be published
                    long head = highest.get();
                    long from = fromHead[k] ? head : (long) (where[k] * (head + 1));
                    Subscription subscription = hub.subscribe(resume(new MessageId(epoch, from)), s);
                    resumed.add(new Resumed(s, subscription, from));
                }
                return null;
            }));
            start.countDown();
            for (Future<?> f : running) {
                f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        List<String> ordered = new ArrayList<>(allIds);
        ordered.sort(Comparator.comparingLong(id -> MessageId.parse(id).orElseThrow().offset()));
        assertEquals(total, ordered.size(), context);
        for (int i = 0; i < total; i++) {
            assertEquals(i + 1L, MessageId.parse(ordered.get(i)).orElseThrow().offset(), context + ": offsets are 1.." + total);
        }
        assertEquals(subscribers, resumed.size(), context);
        for (Resumed r : resumed) {
            List<String> expected = ordered.subList((int) r.from, total);
            String what = context + ", subscriber resuming from offset " + r.from;
            await(what + ": every later message delivered", () -> r.subscriber.count() >= expected.size());
            assertSameIds(expected, r.subscriber.received(), what);
            assertFalse(r.subscription.isClosed(), what);
            assertEquals(List.of(), r.subscriber.closes(), what);
            assertEquals(0, r.subscriber.overlaps.get(), what + ": at most one write outstanding");
        }
    }

    /** assertEquals for long id lists, failing with the first difference instead of both lists. */
    private static void assertSameIds(List<String> expected, List<String> actual, String what) {
        if (expected.equals(actual)) {
            return;
        }
        int i = 0;
        while (i < expected.size() && i < actual.size() && expected.get(i).equals(actual.get(i))) {
            i++;
        }
        fail(what + ": expected " + expected.size() + " ids, got " + actual.size() + "; first difference at index " + i
                + ": expected " + expected.subList(i, Math.min(expected.size(), i + 5))
                + " but got " + actual.subList(i, Math.min(actual.size(), i + 5)));
    }

    private record Resumed(FakeSubscriber subscriber, Subscription subscription, long from) {
    }

    // ---- helpers

    private ChannelHub historyHub(int buffer, int historySize) {
        ChannelSettings settings = new ChannelSettings("test", "history", "local", buffer, Overflow.DISCONNECT,
                historySize, Optional.empty());
        return new ChannelHub(settings, new HistoryStore().open(settings), pool);
    }

    /** Publishes "hello 1", "hello 2", ...; returns the ids (a mutable list). */
    private static List<String> publish(ChannelHub hub, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            ids.add(hub.publish(NO_EVENT, "hello " + i));
        }
        return ids;
    }

    private static SubscribeRequest resume(String id) {
        return resume(MessageId.parse(id).orElseThrow(() -> new AssertionError("not a message id: " + id)));
    }

    private static SubscribeRequest resume(MessageId from) {
        return SubscribeRequest.of(Optional.of(from), 0);
    }

    private static String epoch(String id) {
        return MessageId.parse(id).orElseThrow(() -> new AssertionError("not a message id: " + id)).epoch();
    }

    /** The epoch of a hub that has published nothing: the position a gap notice continues after tells it. */
    private static String epochOf(ChannelHub hub) {
        FakeSubscriber probe = FakeSubscriber.recording();
        Subscription subscription = hub.subscribe(resume(new MessageId("0", 0)), probe);
        await("gap notice delivered", () -> probe.count() == 1);
        subscription.cancel();
        return MessageId.parse(probe.received().get(0)).orElseThrow().epoch();
    }

    /** An epoch that is not this one (real epochs are 9 or 10 characters). */
    private static String otherEpoch(String epoch) {
        return epoch.equals("0") ? "1" : "0";
    }

    /**
     * A client on one connection: it reads its first {@code reads} messages (each write completing at once,
     * or later on {@code completer}) and then stops reading, so later writes never complete. What it
     * received are the messages whose write completed while it was connected; writes started after the
     * server closed the connection never reach it.
     */
    static final class Client implements Subscriber {
        private final int reads;
        private final Executor completer;
        private final List<String> received = new ArrayList<>();
        private final List<CloseReason> closes = new ArrayList<>();
        private boolean isClosed;
        final AtomicInteger sends = new AtomicInteger();
        final CountDownLatch closed = new CountDownLatch(1);

        Client(int reads, Executor completer) {
            this.reads = reads;
            this.completer = completer;
        }

        @Override
        public CompletionStage<Void> send(Envelope envelope) {
            if (sends.incrementAndGet() > reads) {
                return new CompletableFuture<>();
            }
            String id = envelope.message().id();
            if (completer == null) {
                written(id);
                return DONE;
            }
            return CompletableFuture.runAsync(() -> written(id), completer);
        }

        private synchronized void written(String id) {
            if (!isClosed) {
                received.add(id);
            }
        }

        @Override
        public synchronized void close(CloseReason reason) {
            isClosed = true;
            closes.add(reason);
            closed.countDown();
        }

        synchronized List<String> received() {
            return List.copyOf(received);
        }

        synchronized List<CloseReason> closes() {
            return List.copyOf(closes);
        }
    }
}
