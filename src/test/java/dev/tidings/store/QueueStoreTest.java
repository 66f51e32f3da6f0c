package dev.tidings.store;

import static dev.tidings.store.BoundedBufferTest.envelope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.tidings.spi.ChannelSettings;
import dev.tidings.spi.ChannelStore;
import dev.tidings.spi.MessageId;
import dev.tidings.spi.OutboundBuffer;
import dev.tidings.spi.OutboundBuffer.Offer;
import dev.tidings.spi.Overflow;
import dev.tidings.spi.SubscribeRequest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueueStoreTest {

    private static ChannelStore open(int buffer, Overflow overflow) {
        return new QueueStore().open(new ChannelSettings("jobs", "queue", "local", buffer, overflow));
    }

    @Test
    void nameIsQueue() {
        assertEquals("queue", new QueueStore().name());
        assertEquals("queue", QueueStore.NAME);
    }

    @Test
    void backlogIsEmptyBeforeAnyPublish() {
        assertEquals(List.of(), open(8, Overflow.DISCONNECT).backlog(SubscribeRequest.fresh()));
    }

    @Test
    void backlogIsEmptyAfterPublishes() {
        ChannelStore channel = open(8, Overflow.DISCONNECT);
        channel.append(envelope("1"));
        channel.append(envelope("2"));

        assertEquals(List.of(), channel.backlog(SubscribeRequest.fresh()));
        assertEquals(List.of(), channel.backlog(SubscribeRequest.of(Optional.of(new MessageId("k3x", 1)), 0).at(new MessageId("k3x", 2))));
    }

    @Test
    void bufferHasTheConfiguredCapacity() {
        assertEquals(5, open(5, Overflow.DISCONNECT).newBuffer().capacity());
    }

    @Test
    void newBufferIsEmpty() {
        assertEquals(0, open(5, Overflow.DISCONNECT).newBuffer().size());
    }

    @Test
    void bufferWithDisconnectOverflowsWhenFull() {
        OutboundBuffer buffer = open(2, Overflow.DISCONNECT).newBuffer();

        assertEquals(Offer.ACCEPTED, buffer.offer(envelope("1")));
        assertEquals(Offer.ACCEPTED, buffer.offer(envelope("2")));
        assertEquals(Offer.OVERFLOW, buffer.offer(envelope("3")));
    }

    @Test
    void bufferWithDropOldestEvictsTheOldestWhenFull() {
        OutboundBuffer buffer = open(2, Overflow.DROP_OLDEST).newBuffer();

        buffer.offer(envelope("1"));
        buffer.offer(envelope("2"));
        assertEquals(Offer.ACCEPTED, buffer.offer(envelope("3")));

        assertEquals("2", buffer.poll().message().id());
        assertEquals("3", buffer.poll().message().id());
    }

    @Test
    void everySubscriberGetsItsOwnBuffer() {
        ChannelStore channel = open(2, Overflow.DISCONNECT);
        OutboundBuffer a = channel.newBuffer();
        OutboundBuffer b = channel.newBuffer();
        a.offer(envelope("1"));

        assertNotSame(a, b);
        assertEquals(0, b.size());
    }
}
