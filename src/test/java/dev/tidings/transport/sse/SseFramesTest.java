package dev.tidings.transport.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tidings.api.Message;
import dev.tidings.spi.Envelope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SseFramesTest {

    private static String frame(Optional<String> event, String data) {
        byte[] bytes = SseFrames.frame(new Message("c", "e-1", event, data));
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String frame(String data) {
        return frame(Optional.empty(), data);
    }

    @Test
    void simpleMessage() {
        assertEquals("id: e-1\ndata: hello\n\n", frame("hello"));
    }

    @Test
    void eventLineFollowsTheId() {
        assertEquals("id: e-1\nevent: tick\ndata: hello\n\n", frame(Optional.of("tick"), "hello"));
    }

    @Test
    void lineFeedSplitsDataLines() {
        assertEquals("id: e-1\ndata: a\ndata: b\n\n", frame("a\nb"));
    }

    @Test
    void carriageReturnLineFeedSplitsDataLinesOnce() {
        assertEquals("id: e-1\ndata: a\ndata: b\n\n", frame("a\r\nb"));
    }

    @Test
    void carriageReturnSplitsDataLines() {
        assertEquals("id: e-1\ndata: a\ndata: b\n\n", frame("a\rb"));
    }

    @Test
    void mixedLineEndingsEachEndOneLine() {
        assertEquals("id: e-1\ndata: a\ndata: b\ndata: c\ndata: d\n\n", frame("a\nb\r\nc\rd"));
    }

    @Test
    void emptyPayloadIsOneEmptyDataLine() {
        assertEquals("id: e-1\ndata:\n\n", frame(""));
    }

    @Test
    void emptyLinesInsideThePayloadAreKept() {
        assertEquals("id: e-1\ndata: a\ndata:\ndata: b\n\n", frame("a\n\nb"));
    }

    @Test
    void carriageReturnFollowedByCrLfIsTwoLineEnds() {
        assertEquals("id: e-1\ndata: a\ndata:\ndata: b\n\n", frame("a\r\r\nb"));
    }

    @Test
    void lineFeedFollowedByCarriageReturnIsTwoLineEnds() {
        assertEquals("id: e-1\ndata: a\ndata:\ndata: b\n\n", frame("a\n\rb"));
    }

    @Test
    void trailingNewlineEndsWithAnEmptyDataLine() {
        assertEquals("id: e-1\ndata: a\ndata:\n\n", frame("a\n"));
    }

    @Test
    void leadingNewlineStartsWithAnEmptyDataLine() {
        assertEquals("id: e-1\ndata:\ndata: a\n\n", frame("\na"));
    }

    @Test
    void payloadOfOnlyANewlineIsTwoEmptyDataLines() {
        assertEquals("id: e-1\ndata:\ndata:\n\n", frame("\r\n"));
    }

    @Test
    void leadingSpacesOfAPayloadLineArePreservedAfterTheFieldSpace() {
        assertEquals("id: e-1\ndata:  indented\n\n", frame(" indented"));
    }

    @Test
    void colonsAndJsonPassThrough() {
        assertEquals("id: e-1\ndata: {\"a\":\"b: c\"}\n\n", frame("{\"a\":\"b: c\"}"));
    }

    @Test
    void unicodePayloadIsEncodedAsUtf8() {
        byte[] bytes = SseFrames.frame(new Message("c", "e-1", Optional.empty(), "é€😀"));

        byte[] expected = {
                'i', 'd', ':', ' ', 'e', '-', '1', '\n',
                'd', 'a', 't', 'a', ':', ' ',
                (byte) 0xC3, (byte) 0xA9,
                (byte) 0xE2, (byte) 0x82, (byte) 0xAC,
                (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80,
                '\n', '\n'};
        assertArrayEquals(expected, bytes);
    }

    @Test
    void retryFrameCarriesMilliseconds() {
        assertEquals("retry: 3000\n\n", new String(SseFrames.retry(Duration.ofSeconds(3)), StandardCharsets.UTF_8));
        assertEquals("retry: 250\n\n", new String(SseFrames.retry(Duration.ofMillis(250)), StandardCharsets.UTF_8));
    }

    @Test
    void heartbeatIsACommentFrame() {
        assertArrayEquals(": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII), SseFrames.HEARTBEAT);
    }

    @Test
    void encoderProducesTheFrame() {
        Message message = new Message("c", "e-9", Optional.of("tick"), "x");

        assertArrayEquals(SseFrames.frame(message), SseFrames.ENCODER.encode(message));
    }

    @Test
    void envelopeEncodesOnceForEverySseSubscriber() {
        Envelope envelope = new Envelope(new Message("c", "e-1", Optional.empty(), "hello"));

        byte[] first = envelope.encoded(SseFrames.ENCODER);
        byte[] second = envelope.encoded(SseFrames.ENCODER);

        assertSame(first, second);
        assertEquals("id: e-1\ndata: hello\n\n", new String(first, StandardCharsets.UTF_8));
    }
}
