package dev.tidings.store;

import static dev.tidings.store.BoundedBufferTest.envelope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tidings.spi.ChannelSettings;
import dev.tidings.spi.ChannelStore;
import dev.tidings.spi.Envelope;
import dev.tidings.spi.MessageId;
import dev.tidings.spi.OutboundBuffer;
import dev.tidings.spi.Overflow;
import dev.tidings.spi.SubscribeRequest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LatestStoreTest {

    private final ChannelStore channel =
            new LatestStore().open(new ChannelSettings("prices", "latest", "local", 1024, Overflow.DISCONNECT));

    @Test
    void nameIsLatest() {
        assertEquals("latest", new LatestStore().name());
        assertEquals("latest", LatestStore.NAME);
    }

    @Test
    void backlogIsEmptyBeforeFirstPublish() {
        assertEquals(List.of(), channel.backlog(SubscribeRequest.fresh()));
    }

    @Test
    void backlogIsTheAppendedValue() {
        Envelope first = envelope("1");
        channel.append(first);

        List<Envelope> backlog = channel.backlog(SubscribeRequest.fresh());

        assertEquals(1, backlog.size());
        assertSame(first, backlog.get(0));
    }

    @Test
    void backlogIsOnlyTheCurrentValueAfterSeveralPublishes() {
        channel.append(envelope("1"));
        channel.append(envelope("2"));
        Envelope current = envelope("3");
        channel.append(current);

        List<Envelope> backlog = channel.backlog(SubscribeRequest.fresh());

        assertEquals(1, backlog.size());
        assertSame(current, backlog.get(0));
    }

    @Test
    void backlogIsTheCurrentValueWhateverTheLastEventId() {
        Envelope current = envelope("7");
        channel.append(envelope("6"));
        channel.append(current);

        List<Envelope> backlog = channel.backlog(SubscribeRequest.of(Optional.of(new MessageId("k3x", 6)), 0).at(new MessageId("k3x", 7)));

        assertEquals(List.of(current), backlog);
    }

    @Test
    void closeForgetsTheCurrentValue() {
        channel.append(envelope("1"));

        channel.close();

        assertEquals(List.of(), channel.backlog(SubscribeRequest.fresh()));
    }

    @Test
    void buffersConflate() {
        OutboundBuffer buffer = channel.newBuffer();

        assertInstanceOf(ConflatingBuffer.class, buffer);
        assertEquals(1, buffer.capacity());
    }

    @Test
    void everySubscriberGetsItsOwnBuffer() {
        assertNotSame(channel.newBuffer(), channel.newBuffer());
    }
}
