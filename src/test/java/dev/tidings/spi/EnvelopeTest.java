package dev.tidings.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tidings.api.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
    private static final Message MESSAGE = new Message("c", "e-1", Optional.empty(), "hello");

    /** Counts its calls; each call returns a new String so identity shows which call's frame was kept. */
    static final class CountingEncoder implements Encoder<String> {
        final AtomicInteger calls = new AtomicInteger();
        private final long pauseMillis;

        CountingEncoder(long pauseMillis) {
            this.pauseMillis = pauseMillis;
        }

        @Override
        public String encode(Message message) {
            calls.incrementAndGet();
            if (pauseMillis > 0) {
                try {
                    Thread.sleep(pauseMillis); // a slow encoder widens the window for racing callers
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new String("frame of " + message.id());
        }
    }

    @Test
    void messageIsKept() {
        assertSame(MESSAGE, new Envelope(MESSAGE).message());
    }

    @Test
    void nullMessageIsRejected() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> new Envelope(null));
        assertEquals("message", e.getMessage());
    }

    @Test
    void encodedReturnsTheEncodersFrame() {
        assertEquals("frame of e-1", new Envelope(MESSAGE).encoded(new CountingEncoder(0)));
    }

    @Test
    void encodedCachesTheFramePerEncoder() {
        Envelope envelope = new Envelope(MESSAGE);
        CountingEncoder encoder = new CountingEncoder(0);

        String first = envelope.encoded(encoder);
        String second = envelope.encoded(encoder);
        String third = envelope.encoded(encoder);

        assertEquals(1, encoder.calls.get());
        assertSame(first, second);
        assertSame(first, third);
    }

    @Test
    void eachEncoderGetsItsOwnFrame() {
        Envelope envelope = new Envelope(MESSAGE);
        CountingEncoder sse = new CountingEncoder(0);
        CountingEncoder ws = new CountingEncoder(0);
        Encoder<Integer> length = m -> m.data().length();

        String sseFrame = envelope.encoded(sse);
        String wsFrame = envelope.encoded(ws);
        Integer lengthFrame = envelope.encoded(length);

        assertSame(sseFrame, envelope.encoded(sse));
        assertSame(wsFrame, envelope.encoded(ws));
        assertEquals(5, lengthFrame);
        assertEquals(1, sse.calls.get());
        assertEquals(1, ws.calls.get());
    }

    @Test
    void encoderIsInvokedOnceWhenManyThreadsAskAtOnce() throws Exception {
        int threads = 8;
        Envelope envelope = new Envelope(MESSAGE);
        CountingEncoder encoder = new CountingEncoder(50);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> frames = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                frames.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return envelope.encoded(encoder);
                }));
            }
            ready.await(10, TimeUnit.SECONDS);
            go.countDown();

            String first = frames.get(0).get(10, TimeUnit.SECONDS);
            for (Future<String> f : frames) {
                assertSame(first, f.get(10, TimeUnit.SECONDS), "every caller gets the same frame");
            }
            assertEquals(1, encoder.calls.get(), "encoder calls");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void positionIsParsedFromAnIdTidingsIssued() {
        Envelope envelope = new Envelope(new Message("c", "k3x-7", Optional.empty(), "x"));

        assertEquals(Optional.of(new MessageId("k3x", 7)), envelope.position());
    }

    @Test
    void positionIsEmptyForAnIdTidingsDidNotIssue() {
        assertEquals(Optional.empty(), new Envelope(new Message("c", "evt:17", Optional.empty(), "x")).position());
        assertEquals(Optional.empty(), new Envelope(new Message("c", "K3X-7", Optional.empty(), "x")).position());
    }

    @Test
    void explicitPositionIsKeptWhateverTheId() {
        MessageId position = new MessageId("k3x", 3);

        assertEquals(Optional.of(position), new Envelope(MESSAGE, Optional.of(position)).position());
    }

    @Test
    void nullPositionIsRejected() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> new Envelope(MESSAGE, null));
        assertEquals("position", e.getMessage());
    }

    @Test
    void toStringNamesChannelAndId() {
        assertEquals("Envelope[c/e-1]", new Envelope(MESSAGE).toString());
    }
}
