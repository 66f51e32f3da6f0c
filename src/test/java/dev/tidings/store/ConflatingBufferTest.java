package dev.tidings.store;

import static dev.tidings.store.BoundedBufferTest.envelope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tidings.spi.Envelope;
import dev.tidings.spi.OutboundBuffer.Offer;
import org.junit.jupiter.api.Test;

class ConflatingBufferTest {

    @Test
    void keepsOnlyTheNewestMessage() {
        ConflatingBuffer buffer = new ConflatingBuffer();
        buffer.offer(envelope("1"));
        buffer.offer(envelope("2"));
        Envelope newest = envelope("3");
        buffer.offer(newest);

        assertSame(newest, buffer.poll());
        assertNull(buffer.poll());
    }

    @Test
    void neverOverflows() {
        ConflatingBuffer buffer = new ConflatingBuffer();
        for (int i = 0; i < 100; i++) {
            assertEquals(Offer.ACCEPTED, buffer.offer(envelope(Integer.toString(i))));
        }
        assertEquals(1, buffer.size());
    }

    @Test
    void emptyBufferPollsNull() {
        ConflatingBuffer buffer = new ConflatingBuffer();

        assertNull(buffer.poll());
        assertEquals(0, buffer.size());
    }

    @Test
    void sizeIsOneWhileAMessageIsPendingAndZeroAfterPoll() {
        ConflatingBuffer buffer = new ConflatingBuffer();
        buffer.offer(envelope("1"));
        assertEquals(1, buffer.size());
        buffer.poll();
        assertEquals(0, buffer.size());
    }

    @Test
    void capacityIsOne() {
        assertEquals(1, new ConflatingBuffer().capacity());
    }

    @Test
    void offerAfterPollIsDeliveredAgain() {
        ConflatingBuffer buffer = new ConflatingBuffer();
        buffer.offer(envelope("1"));
        buffer.poll();
        buffer.offer(envelope("2"));

        assertEquals("2", buffer.poll().message().id());
    }

    @Test
    void clearDropsThePendingMessage() {
        ConflatingBuffer buffer = new ConflatingBuffer();
        buffer.offer(envelope("1"));

        buffer.clear();

        assertEquals(0, buffer.size());
        assertNull(buffer.poll());
    }
}
