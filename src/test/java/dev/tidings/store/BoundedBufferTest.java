package dev.tidings.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tidings.api.Message;
import dev.tidings.spi.Envelope;
import dev.tidings.spi.OutboundBuffer.Offer;
import dev.tidings.spi.Overflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BoundedBufferTest {

    static Envelope envelope(String id) {
        return new Envelope(new Message("c", id, Optional.empty(), "data " + id));
    }

    /** Polls until empty, returning the ids in the order they came out. */
    static List<String> drain(BoundedBuffer buffer) {
        List<String> ids = new ArrayList<>();
        for (Envelope e = buffer.poll(); e != null; e = buffer.poll()) {
            ids.add(e.message().id());
        }
        return ids;
    }

    @Test
    void ringGrowsFromSmallToTheCapacityKeepingOrderAcrossWraps() {
        BoundedBuffer buffer = new BoundedBuffer(100, Overflow.DISCONNECT);
        List<String> expected = new ArrayList<>();
        int next = 0;
        // interleave offers and polls (net +4 a round) so the ring wraps before it grows
        for (int round = 0; round < 19; round++) {
            for (int i = 0; i < 5; i++) {
                buffer.offer(envelope(Integer.toString(next)));
                expected.add(Integer.toString(next++));
            }
            assertEquals(expected.remove(0), buffer.poll().message().id());
        }
        assertEquals(76, buffer.size());
        while (buffer.size() < 100) {
            assertEquals(Offer.ACCEPTED, buffer.offer(envelope(Integer.toString(next))));
            expected.add(Integer.toString(next++));
        }
        assertEquals(Offer.OVERFLOW, buffer.offer(envelope("over")), "full at exactly the capacity");
        assertEquals(100, buffer.capacity());
        assertEquals(expected, drain(buffer));
    }

    @Test
    void dropOldestEvictsOnlyOnceTheRingHasGrownToTheCapacity() {
        BoundedBuffer buffer = new BoundedBuffer(20, Overflow.DROP_OLDEST);
        for (int i = 0; i < 25; i++) {
            assertEquals(Offer.ACCEPTED, buffer.offer(envelope(Integer.toString(i))));
        }
        List<String> kept = drain(buffer);
        assertEquals(20, kept.size());
        assertEquals("5", kept.get(0));
        assertEquals("24", kept.get(19));
    }

    @Test
    void pollReturnsMessagesInOfferOrder() {
        BoundedBuffer buffer = new BoundedBuffer(4, Overflow.DISCONNECT);
        buffer.offer(envelope("1"));
        buffer.offer(envelope("2"));
        buffer.offer(envelope("3"));

        assertEquals(List.of("1", "2", "3"), drain(buffer));
    }

    @Test
    void pollReturnsTheSameEnvelopeInstanceThatWasOffered() {
        BoundedBuffer buffer = new BoundedBuffer(2, Overflow.DISCONNECT);
        Envelope e = envelope("1");
        buffer.offer(e);

        assertSame(e, buffer.poll());
    }

    @Test
    void emptyBufferPollsNull() {
        BoundedBuffer buffer = new BoundedBuffer(2, Overflow.DISCONNECT);

        assertNull(buffer.poll());
        assertEquals(0, buffer.size());
    }

    @Test
    void capacityIsTheConfiguredSize() {
        assertEquals(7, new BoundedBuffer(7, Overflow.DISCONNECT).capacity());
        assertEquals(1, new BoundedBuffer(1, Overflow.DROP_OLDEST).capacity());
    }

    @Test
    void sizeCountsBufferedMessages() {
        BoundedBuffer buffer = new BoundedBuffer(3, Overflow.DISCONNECT);
        buffer.offer(envelope("1"));
        buffer.offer(envelope("2"));
        assertEquals(2, buffer.size());
        buffer.poll();
        assertEquals(1, buffer.size());
    }

    @Test
    void capacityBelowOneIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BoundedBuffer(0, Overflow.DISCONNECT));
        assertEquals("capacity must be at least 1, was 0", e.getMessage());
    }

    @Test
    void offersUpToCapacityAreAccepted() {
        BoundedBuffer buffer = new BoundedBuffer(3, Overflow.DISCONNECT);

        assertEquals(Offer.ACCEPTED, buffer.offer(envelope("1")));
        assertEquals(Offer.ACCEPTED, buffer.offer(envelope("2")));
        assertEquals(Offer.ACCEPTED, buffer.offer(envelope("3")));
        assertEquals(3, buffer.size());
    }

    @Test
    void disconnectPolicyReportsOverflowWhenFull() {
        BoundedBuffer buffer = new BoundedBuffer(2, Overflow.DISCONNECT);
        buffer.offer(envelope("1"));
        buffer.offer(envelope("2"));

        assertEquals(Offer.OVERFLOW, buffer.offer(envelope("3")));
    }

    @Test
    void disconnectPolicyKeepsContentsOnOverflow() {
        BoundedBuffer buffer = new BoundedBuffer(2, Overflow.DISCONNECT);
        buffer.offer(envelope("1"));
        buffer.offer(envelope("2"));
        buffer.offer(envelope("3"));

        assertEquals(2, buffer.size());
        assertEquals(List.of("1", "2"), drain(buffer));
    }

    @Test
    void dropOldestPolicyAcceptsWhenFull() {
        BoundedBuffer buffer = new BoundedBuffer(2, Overflow.DROP_OLDEST);
        buffer.offer(envelope("1"));
        buffer.offer(envelope("2"));

        assertEquals(Offer.ACCEPTED, buffer.offer(envelope("3")));
        assertEquals(2, buffer.size());
    }

    @Test
    void dropOldestPolicyEvictsTheOldestMessages() {
        BoundedBuffer buffer = new BoundedBuffer(3, Overflow.DROP_OLDEST);
        for (int i = 1; i <= 7; i++) {
            buffer.offer(envelope(Integer.toString(i)));
        }

        assertEquals(List.of("5", "6", "7"), drain(buffer));
    }

    @Test
    void dropOldestWithCapacityOneKeepsOnlyTheNewest() {
        BoundedBuffer buffer = new BoundedBuffer(1, Overflow.DROP_OLDEST);
        buffer.offer(envelope("1"));
        buffer.offer(envelope("2"));

        assertEquals(List.of("2"), drain(buffer));
    }

    @Test
    void clearEmptiesTheBuffer() {
        BoundedBuffer buffer = new BoundedBuffer(3, Overflow.DISCONNECT);
        buffer.offer(envelope("1"));
        buffer.offer(envelope("2"));

        buffer.clear();

        assertEquals(0, buffer.size());
        assertNull(buffer.poll());
    }

    @Test
    void clearedBufferAcceptsItsFullCapacityAgain() {
        BoundedBuffer buffer = new BoundedBuffer(2, Overflow.DISCONNECT);
        buffer.offer(envelope("1"));
        buffer.poll();
        buffer.offer(envelope("2"));
        buffer.offer(envelope("3"));
        buffer.clear();

        assertEquals(Offer.ACCEPTED, buffer.offer(envelope("4")));
        assertEquals(Offer.ACCEPTED, buffer.offer(envelope("5")));
        assertEquals(Offer.OVERFLOW, buffer.offer(envelope("6")));
        assertEquals(List.of("4", "5"), drain(buffer));
    }

    @Test
    void fifoOrderSurvivesWrapAround() {
        BoundedBuffer buffer = new BoundedBuffer(3, Overflow.DISCONNECT);
        buffer.offer(envelope("1"));
        buffer.offer(envelope("2"));
        buffer.offer(envelope("3"));
        assertEquals("1", buffer.poll().message().id());
        assertEquals("2", buffer.poll().message().id());
        // head is now at slot 2: these two wrap to slots 0 and 1
        assertEquals(Offer.ACCEPTED, buffer.offer(envelope("4")));
        assertEquals(Offer.ACCEPTED, buffer.offer(envelope("5")));
        assertEquals(Offer.OVERFLOW, buffer.offer(envelope("6")));

        assertEquals(List.of("3", "4", "5"), drain(buffer));
    }

    @Test
    void fifoOrderSurvivesManyLapsOfTheRing() {
        BoundedBuffer buffer = new BoundedBuffer(3, Overflow.DISCONNECT);
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            assertEquals(Offer.ACCEPTED, buffer.offer(envelope(Integer.toString(i))));
            if (i >= 3) {
                out.add(buffer.poll().message().id()); // keeps two buffered: the ring laps every three offers
            }
        }
        out.addAll(drain(buffer));

        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            expected.add(Integer.toString(i));
        }
        assertEquals(expected, out);
    }

    @Test
    void dropOldestEvictsCorrectlyAfterWrapAround() {
        BoundedBuffer buffer = new BoundedBuffer(3, Overflow.DROP_OLDEST);
        buffer.offer(envelope("1"));
        buffer.offer(envelope("2"));
        buffer.poll();
        buffer.offer(envelope("3"));
        buffer.offer(envelope("4"));
        buffer.offer(envelope("5"));

        assertEquals(List.of("3", "4", "5"), drain(buffer));
    }

    // ---- backlog (replay)

    @Test
    void backlogIsPolledBeforeLiveMessagesOfferedEarlier() {
        BoundedBuffer buffer = new BoundedBuffer(4, Overflow.DISCONNECT);
        buffer.offer(envelope("live"));
        buffer.offerBacklog(envelope("b1"));
        buffer.offerBacklog(envelope("b2"));

        assertEquals(List.of("b1", "b2", "live"), drain(buffer));
    }

    @Test
    void backlogBeyondTheCapacityIsAccepted() {
        BoundedBuffer buffer = new BoundedBuffer(2, Overflow.DISCONNECT);

        for (int i = 1; i <= 5; i++) {
            assertEquals(Offer.ACCEPTED, buffer.offerBacklog(envelope("b" + i)));
        }

        assertEquals(5, buffer.size());
        assertEquals(2, buffer.capacity());
        assertEquals(List.of("b1", "b2", "b3", "b4", "b5"), drain(buffer));
    }

    @Test
    void backlogDoesNotUseTheLiveCapacity() {
        BoundedBuffer buffer = new BoundedBuffer(2, Overflow.DISCONNECT);
        buffer.offerBacklog(envelope("b1"));
        buffer.offerBacklog(envelope("b2"));
        buffer.offerBacklog(envelope("b3"));

        assertEquals(Offer.ACCEPTED, buffer.offer(envelope("1")));
        assertEquals(Offer.ACCEPTED, buffer.offer(envelope("2")));
        assertEquals(Offer.OVERFLOW, buffer.offer(envelope("3")));
        assertEquals(5, buffer.size());
        assertEquals(List.of("b1", "b2", "b3", "1", "2"), drain(buffer));
    }

    @Test
    void dropOldestNeverEvictsTheBacklog() {
        BoundedBuffer buffer = new BoundedBuffer(2, Overflow.DROP_OLDEST);
        buffer.offerBacklog(envelope("b1"));
        buffer.offerBacklog(envelope("b2"));

        buffer.offer(envelope("1"));
        buffer.offer(envelope("2"));
        buffer.offer(envelope("3"));

        assertEquals(List.of("b1", "b2", "2", "3"), drain(buffer));
    }

    @Test
    void backlogOfferedAfterItWasDrainedIsPolledAgain() {
        BoundedBuffer buffer = new BoundedBuffer(2, Overflow.DISCONNECT);
        buffer.offerBacklog(envelope("b1"));
        assertEquals("b1", buffer.poll().message().id());

        buffer.offerBacklog(envelope("b2"));

        assertEquals(List.of("b2"), drain(buffer));
    }

    @Test
    void clearDropsTheBacklogToo() {
        BoundedBuffer buffer = new BoundedBuffer(2, Overflow.DISCONNECT);
        buffer.offerBacklog(envelope("b1"));
        buffer.offer(envelope("1"));

        buffer.clear();

        assertEquals(0, buffer.size());
        assertNull(buffer.poll());
    }
}
