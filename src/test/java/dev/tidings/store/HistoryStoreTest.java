package dev.tidings.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tidings.api.Message;
import dev.tidings.spi.ChannelSettings;
import dev.tidings.spi.ChannelStore;
import dev.tidings.spi.Envelope;
import dev.tidings.spi.MessageId;
import dev.tidings.spi.OutboundBuffer;
import dev.tidings.spi.OutboundBuffer.Offer;
import dev.tidings.spi.Overflow;
import dev.tidings.spi.SubscribeRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class HistoryStoreTest {
    private static final String EPOCH = "k3x";
    private static final Duration TTL = Duration.ofSeconds(10);

    /** The fake clock of the channels under test, in nanoseconds. */
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    /** history-size 5, buffer 4, no ttl. */
    private final HistoryStore.Channel channel = channel(5, 4, Optional.empty());
    private long head;

    private HistoryStore.Channel channel(int historySize, int buffer, Optional<Duration> ttl) {
        return new HistoryStore.Channel(
                new ChannelSettings("feed", "history", "local", buffer, Overflow.DISCONNECT, historySize, ttl), now::get);
    }

    private static Envelope envelope(long offset) {
        return new Envelope(new Message("feed", EPOCH + "-" + offset, Optional.empty(), "m" + offset));
    }

    private static MessageId id(long offset) {
        return new MessageId(EPOCH, offset);
    }

    /** Appends the next messages to {@link #channel} (offsets 1, 2, ...), as the hub would. */
    private void publish(int count) {
        publish(channel, count);
    }

    private void publish(ChannelStore store, int count) {
        for (int i = 0; i < count; i++) {
            store.append(envelope(++head));
        }
    }

    private static SubscribeRequest resume(MessageId from, long head) {
        return SubscribeRequest.of(Optional.of(from), 0).at(id(head));
    }

    private List<Envelope> resumeFrom(long offset) {
        return channel.backlog(resume(id(offset), head));
    }

    private List<Envelope> replay(ChannelStore store, int last) {
        return store.backlog(SubscribeRequest.of(Optional.empty(), last).at(id(head)));
    }

    private static List<String> ids(List<Envelope> envelopes) {
        return envelopes.stream().map(e -> e.message().id()).toList();
    }

    private static List<String> ids(long fromOffset, long toOffset) {
        return LongStream.rangeClosed(fromOffset, toOffset).mapToObj(o -> EPOCH + "-" + o).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    // ---- the store

    @Test
    void nameIsHistory() {
        assertEquals("history", new HistoryStore().name());
        assertEquals("history", HistoryStore.NAME);
    }

    @Test
    void openedChannelRetainsAndReplays() {
        ChannelStore opened = new HistoryStore().open(
                new ChannelSettings("feed", "history", "local", 4, Overflow.DISCONNECT, 3, Optional.of(Duration.ofHours(1))));
        publish(opened, 4);

        assertEquals(ids(2, 4), ids(replay(opened, 10)));
    }

    // ---- retention

    @Test
    void retainsAtMostHistorySizeEvictingTheOldest() {
        publish(8);

        assertEquals(ids(4, 8), ids(replay(channel, 100)));
    }

    @Test
    void retainedEnvelopesAreTheAppendedInstances() {
        Envelope first = envelope(1);
        channel.append(first);
        head = 1;

        assertSame(first, replay(channel, 1).get(0));
    }

    @Test
    void retentionSurvivesManyLapsOfTheRing() {
        publish(1003);

        assertEquals(ids(999, 1003), ids(replay(channel, 5)));
        assertEquals(ids(1001, 1003), ids(resumeFrom(1000)));
    }

    @Test
    void appendOfAnEnvelopeWithoutATidingsIdIsRejected() {
        Envelope foreign = new Envelope(new Message("feed", "abc", Optional.empty(), "x"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> channel.append(foreign));

        assertEquals("history needs ids issued by Tidings: Envelope[feed/abc]", e.getMessage());
    }

    // ---- resume

    @Test
    void resumeFromAnIdInsideTheWindowReturnsExactlyTheLaterMessages() {
        publish(8);

        assertEquals(ids(6, 8), ids(resumeFrom(5)));
    }

    @Test
    void resumeFromTheOldestRetainedReturnsTheRest() {
        publish(8);

        assertEquals(ids(5, 8), ids(resumeFrom(4)));
    }

    @Test
    void resumeFromJustBeforeTheOldestRetainedIsNoGap() {
        publish(8);

        assertEquals(ids(4, 8), ids(resumeFrom(3)));
    }

    @Test
    void resumeFromTheHeadReturnsNothing() {
        publish(8);

        assertEquals(List.of(), resumeFrom(8));
    }

    @Test
    void resumeFromOffsetZeroReturnsEverythingWhenNothingWasEvicted() {
        publish(3);

        assertEquals(ids(1, 3), ids(resumeFrom(0)));
    }

    @Test
    void resumeFromOffsetZeroOfAnEmptyChannelReturnsNothing() {
        assertEquals(List.of(), resumeFrom(0));
    }

    @Test
    void replayIsIgnoredWhenResuming() {
        publish(8);

        assertEquals(ids(8, 8), ids(channel.backlog(SubscribeRequest.of(Optional.of(id(7)), 3).at(id(8)))));
    }

    @Test
    void resumeFromAnIdAheadOfTheHeadIsRejected() {
        publish(8);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resumeFrom(9));

        assertEquals("resume position k3x-9 is ahead of k3x-8", e.getMessage());
    }

    @Test
    void requestWithoutHeadIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> channel.backlog(SubscribeRequest.fresh()));

        assertEquals("request without head", e.getMessage());
    }

    // ---- gaps

    @Test
    void resumeFromBeforeTheWindowReportsAGapThenEverythingRetained() {
        publish(8);

        List<Envelope> backlog = resumeFrom(1);

        Envelope gap = backlog.get(0);
        assertEquals(new Message("feed", "k3x-3", Optional.of("tidings-gap"),
                "{\"reason\":\"expired\",\"requested\":\"k3x-1\",\"missed\":2,\"resumedAfter\":\"k3x-3\"}"), gap.message());
        assertEquals(Optional.of(id(3)), gap.position());
        assertEquals(concat(List.of("k3x-3"), ids(4, 8)), ids(backlog));
    }

    @Test
    void resumeFromOffsetZeroAfterEvictionReportsEveryEvictedMessageAsMissed() {
        publish(8);

        List<Envelope> backlog = resumeFrom(0);

        assertEquals("{\"reason\":\"expired\",\"requested\":\"k3x-0\",\"missed\":3,\"resumedAfter\":\"k3x-3\"}",
                backlog.get(0).message().data());
        assertEquals(concat(List.of("k3x-3"), ids(4, 8)), ids(backlog));
    }

    @Test
    void resumeFromAnotherEpochReportsAnUnknownEpochGapWithoutMissedThenEverythingRetained() {
        publish(8);

        List<Envelope> backlog = channel.backlog(resume(new MessageId("old1", 6), 8));

        Envelope gap = backlog.get(0);
        assertEquals(new Message("feed", "k3x-3", Optional.of("tidings-gap"),
                "{\"reason\":\"unknown-epoch\",\"requested\":\"old1-6\",\"resumedAfter\":\"k3x-3\"}"), gap.message());
        assertEquals(Optional.of(id(3)), gap.position());
        assertEquals(concat(List.of("k3x-3"), ids(4, 8)), ids(backlog));
    }

    @Test
    void resumeFromAnotherEpochBeforeAnyEvictionContinuesFromOffsetZero() {
        publish(3);

        List<Envelope> backlog = channel.backlog(resume(new MessageId("old1", 99), 3));

        assertEquals("{\"reason\":\"unknown-epoch\",\"requested\":\"old1-99\",\"resumedAfter\":\"k3x-0\"}",
                backlog.get(0).message().data());
        assertEquals(concat(List.of("k3x-0"), ids(1, 3)), ids(backlog));
    }

    @Test
    void resumeFromAnotherEpochOfAnEmptyChannelIsAGapAtTheHead() {
        List<Envelope> backlog = channel.backlog(resume(new MessageId("old1", 4), 0));

        assertEquals(List.of(new Message("feed", "k3x-0", Optional.of("tidings-gap"),
                "{\"reason\":\"unknown-epoch\",\"requested\":\"old1-4\",\"resumedAfter\":\"k3x-0\"}")),
                backlog.stream().map(Envelope::message).toList());
    }

    @Test
    void resumeFromAnOldIdWhenNothingIsRetainedIsAGapWhoseIdIsTheHead() {
        publish(10);
        channel.close();

        List<Envelope> backlog = resumeFrom(4);

        assertEquals(List.of(new Message("feed", "k3x-10", Optional.of("tidings-gap"),
                "{\"reason\":\"expired\",\"requested\":\"k3x-4\",\"missed\":6,\"resumedAfter\":\"k3x-10\"}")),
                backlog.stream().map(Envelope::message).toList());
        assertEquals(Optional.of(id(10)), backlog.get(0).position());
    }

    @Test
    void resumeFromTheHeadWhenNothingIsRetainedIsNoGap() {
        publish(10);
        channel.close();

        assertEquals(List.of(), resumeFrom(10));
    }

    @Test
    void resumeFromTheGapNoticesIdReturnsTheSameMessagesWithoutAnotherGap() {
        publish(8);
        MessageId gapId = resumeFrom(1).get(0).position().orElseThrow();

        assertEquals(ids(4, 8), ids(channel.backlog(resume(gapId, 8))));
    }

    // ---- replay on a first subscribe

    @Test
    void firstSubscribeWithoutReplayGetsNothing() {
        publish(8);

        assertEquals(List.of(), replay(channel, 0));
    }

    @Test
    void replayOfFewerThanRetainedReturnsTheNewestInOrder() {
        publish(8);

        assertEquals(ids(6, 8), ids(replay(channel, 3)));
    }

    @Test
    void replayOfMoreThanRetainedReturnsEverythingRetained() {
        publish(3);

        assertEquals(ids(1, 3), ids(replay(channel, 100)));
    }

    @Test
    void replayOfExactlyTheRetainedCountReturnsEverythingRetained() {
        publish(8);

        assertEquals(ids(4, 8), ids(replay(channel, 5)));
    }

    @Test
    void replayOfAnEmptyChannelReturnsNothing() {
        assertEquals(List.of(), replay(channel, 10));
    }

    // ---- ttl

    @Test
    void messagesOlderThanTheTtlAreNoLongerReplayed() {
        HistoryStore.Channel timed = channel(100, 4, Optional.of(TTL));
        publish(timed, 3);
        advance(Duration.ofSeconds(6));
        publish(timed, 2);

        advance(Duration.ofSeconds(5)); // the first three are 11 s old, the last two 5 s

        assertEquals(ids(4, 5), ids(replay(timed, 100)));
    }

    @Test
    void messagesYoungerThanTheTtlAreKept() {
        HistoryStore.Channel timed = channel(100, 4, Optional.of(TTL));
        publish(timed, 3);

        advance(Duration.ofSeconds(9));

        assertEquals(ids(1, 3), ids(replay(timed, 100)));
    }

    @Test
    void resumeIntoTheExpiredRangeReportsAGapThenTheUnexpiredMessages() {
        HistoryStore.Channel timed = channel(100, 4, Optional.of(TTL));
        publish(timed, 3);
        advance(Duration.ofSeconds(6));
        publish(timed, 2);
        advance(Duration.ofSeconds(5));

        List<Envelope> backlog = timed.backlog(resume(id(1), 5));

        assertEquals("{\"reason\":\"expired\",\"requested\":\"k3x-1\",\"missed\":2,\"resumedAfter\":\"k3x-3\"}",
                backlog.get(0).message().data());
        assertEquals(concat(List.of("k3x-3"), ids(4, 5)), ids(backlog));
    }

    @Test
    void resumeAfterEverythingExpiredIsAGapAtTheHead() {
        HistoryStore.Channel timed = channel(100, 4, Optional.of(TTL));
        publish(timed, 4);
        advance(Duration.ofSeconds(11));

        List<Envelope> backlog = timed.backlog(resume(id(2), 4));

        assertEquals(List.of(new Message("feed", "k3x-4", Optional.of("tidings-gap"),
                "{\"reason\":\"expired\",\"requested\":\"k3x-2\",\"missed\":2,\"resumedAfter\":\"k3x-4\"}")),
                backlog.stream().map(Envelope::message).toList());
    }

    @Test
    void appendExpiresOldMessagesToo() {
        HistoryStore.Channel timed = channel(100, 4, Optional.of(TTL));
        publish(timed, 2);
        advance(Duration.ofSeconds(11));
        publish(timed, 1);

        assertEquals(ids(3, 3), ids(replay(timed, 100)));
    }

    @Test
    void withoutTtlMessagesNeverExpire() {
        publish(3);

        advance(Duration.ofDays(365));

        assertEquals(ids(1, 3), ids(resumeFrom(0)));
    }

    // ---- close

    @Test
    void closeEmptiesTheHistory() {
        publish(4);

        channel.close();

        assertEquals(List.of(), replay(channel, 100));
    }

    @Test
    void historyIsRetainedAgainAfterClose() {
        publish(4);
        channel.close();

        publish(2);

        assertEquals(ids(5, 6), ids(replay(channel, 100)));
    }

    // ---- buffers

    @Test
    void newBufferIsABoundedBufferOfTheConfiguredCapacity() {
        OutboundBuffer buffer = channel.newBuffer();

        assertInstanceOf(BoundedBuffer.class, buffer);
        assertEquals(4, buffer.capacity());
        assertEquals(0, buffer.size());
    }

    @Test
    void everySubscriberGetsItsOwnBuffer() {
        assertNotSame(channel.newBuffer(), channel.newBuffer());
    }

    @Test
    void backlogLargerThanTheCapacityIsBufferedAndPolledBeforeLiveMessages() {
        OutboundBuffer buffer = channel.newBuffer();
        for (long offset = 1; offset <= 10; offset++) {
            assertEquals(Offer.ACCEPTED, buffer.offerBacklog(envelope(offset)), "backlog message " + offset);
        }
        for (long offset = 11; offset <= 14; offset++) {
            assertEquals(Offer.ACCEPTED, buffer.offer(envelope(offset)), "live message " + offset);
        }
        assertEquals(14, buffer.size());

        List<String> polled = new ArrayList<>();
        for (Envelope e = buffer.poll(); e != null; e = buffer.poll()) {
            polled.add(e.message().id());
        }

        assertEquals(ids(1, 14), polled);
        assertEquals(0, buffer.size());
    }

    @Test
    void liveMessagesStillOverflowAtTheCapacityWhateverTheBacklog() {
        OutboundBuffer buffer = channel.newBuffer();
        for (long offset = 1; offset <= 10; offset++) {
            buffer.offerBacklog(envelope(offset));
        }
        for (long offset = 11; offset <= 14; offset++) {
            buffer.offer(envelope(offset));
        }

        assertEquals(Offer.OVERFLOW, buffer.offer(envelope(15)));
        assertEquals(14, buffer.size());
    }

    @Test
    void liveCapacityIsFreeAgainOnceTheBacklogIsPolled() {
        OutboundBuffer buffer = channel.newBuffer();
        for (long offset = 1; offset <= 10; offset++) {
            buffer.offerBacklog(envelope(offset));
        }
        for (int i = 0; i < 10; i++) {
            buffer.poll();
        }

        for (long offset = 11; offset <= 14; offset++) {
            assertEquals(Offer.ACCEPTED, buffer.offer(envelope(offset)));
        }
        assertEquals(Offer.OVERFLOW, buffer.offer(envelope(15)));
    }
}
