package dev.tidings.transport.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.TidingsException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublishRequestTest {
    private static final int MAX = 64;
    private static final Optional<String> NO_EVENT = Optional.empty();

    private static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String payload(String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return PublishRequest.payload(Optional.ofNullable(contentType), bytes.length, new ByteArrayInputStream(bytes),
                NO_EVENT, MAX);
    }

    private static TidingsException rejected(String contentType, String body) {
        return assertThrows(TidingsException.class, () -> payload(contentType, body));
    }

    private static TidingsException rejectedEvent(String event) {
        return assertThrows(TidingsException.class, () -> PublishRequest.payload(Optional.of("text/plain"), 2,
                body("hi"), Optional.of(event), MAX));
    }

    /** A body that fails the test if anyone reads it. */
    private static final InputStream UNREADABLE = new InputStream() {
        @Override
        public int read() {
            throw new AssertionError("the body must not be read");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            throw new AssertionError("the body must not be read");
        }
    };

    /** Hands out its bytes a few at a time, like a network stream. */
    private static InputStream trickle(byte[] bytes, int chunk) {
        return new InputStream() {
            private int position;

            @Override
            public int read() {
                return position < bytes.length ? bytes[position++] & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position == bytes.length) {
                    return -1;
                }
                int n = Math.min(Math.min(len, chunk), bytes.length - position);
                System.arraycopy(bytes, position, b, off, n);
                position += n;
                return n;
            }
        };
    }

    // ---- accepted bodies

    @Test
    void textPlainIsAccepted() {
        assertEquals("hello", payload("text/plain", "hello"));
    }

    @Test
    void multiLineTextIsKeptAsIs() {
        assertEquals("a\r\nb\n", payload("text/plain", "a\r\nb\n"));
    }

    @Test
    void emptyTextBodyIsAccepted() {
        assertEquals("", payload("text/plain", ""));
    }

    @Test
    void applicationJsonIsAccepted() {
        assertEquals("{\"price\":42}", payload("application/json", "{\"price\":42}"));
    }

    @Test
    void jsonScalarIsAccepted() {
        assertEquals("42", payload("application/json", "42"));
    }

    @Test
    void jsonWithSurroundingWhitespaceIsAccepted() {
        assertEquals(" [1, 2] \n", payload("application/json", " [1, 2] \n"));
    }

    @Test
    void mediaTypeIsCaseInsensitive() {
        assertEquals("hi", payload("Text/Plain", "hi"));
        assertEquals("{}", payload("APPLICATION/JSON", "{}"));
    }

    @Test
    void charsetUtf8IsAccepted() {
        assertEquals("hi", payload("text/plain; charset=UTF-8", "hi"));
        assertEquals("{}", payload("application/json;charset=utf-8", "{}"));
        assertEquals("hi", payload("text/plain; charset=\"utf-8\"", "hi"));
    }

    @Test
    void unicodeBodyIsDecodedAsUtf8() {
        assertEquals("é€😀", payload("text/plain", "é€😀"));
    }

    @Test
    void validEventNameIsAccepted() {
        assertEquals("hi", PublishRequest.payload(Optional.of("text/plain"), 2, body("hi"),
                Optional.of("progressbar:update.v1_x-y"), MAX));
    }

    @Test
    void eventNameOf64CharactersIsAccepted() {
        assertEquals("hi", PublishRequest.payload(Optional.of("text/plain"), 2, body("hi"),
                Optional.of("e".repeat(64)), MAX));
    }

    // ---- JSON syntax

    @Test
    void invalidJsonIsABadRequest() {
        TidingsException e = rejected("application/json", "{\"price\":}");

        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertTrue(e.getMessage().startsWith("body is not valid JSON: "), e.getMessage());
    }

    @Test
    void trailingGarbageAfterJsonIsABadRequest() {
        TidingsException e = rejected("application/json", "{\"price\":42} x");

        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertTrue(e.getMessage().startsWith("body is not valid JSON: "), e.getMessage());
    }

    @Test
    void secondJsonValueAfterTheFirstIsABadRequest() {
        TidingsException e = rejected("application/json", "{}{}");

        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertTrue(e.getMessage().startsWith("body is not valid JSON: "), e.getMessage());
    }

    @Test
    void emptyJsonBodyIsABadRequest() {
        TidingsException e = rejected("application/json", "");

        assertEquals(ErrorCode.BAD_REQUEST, e.code());
    }

    @Test
    void invalidJsonInTextPlainIsJustText() {
        assertEquals("{\"price\":}", payload("text/plain", "{\"price\":}"));
    }

    // ---- media type

    @Test
    void missingContentTypeIsUnsupported() {
        TidingsException e = rejected(null, "hi");

        assertEquals(ErrorCode.UNSUPPORTED_MEDIA_TYPE, e.code());
        assertEquals("missing Content-Type; send text/plain or application/json", e.getMessage());
    }

    @Test
    void textHtmlIsUnsupported() {
        TidingsException e = rejected("text/html", "<b>hi</b>");

        assertEquals(ErrorCode.UNSUPPORTED_MEDIA_TYPE, e.code());
        assertEquals("Content-Type text/html not supported; send text/plain or application/json", e.getMessage());
    }

    @Test
    void charsetIso88591IsUnsupported() {
        TidingsException e = rejected("text/plain; charset=iso-8859-1", "hi");

        assertEquals(ErrorCode.UNSUPPORTED_MEDIA_TYPE, e.code());
        assertEquals("charset iso-8859-1 not supported; send UTF-8", e.getMessage());
    }

    // ---- size

    @Test
    void declaredLengthOverMaxBytesIsTooLargeWithoutReadingTheBody() {
        TidingsException e = assertThrows(TidingsException.class, () -> PublishRequest.payload(
                Optional.of("text/plain"), MAX + 1, UNREADABLE, NO_EVENT, MAX));

        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, e.code());
        assertEquals("body larger than 64 bytes; raise tidings.publish.max-bytes to accept it", e.getMessage());
    }

    @Test
    void bodyOverMaxBytesOfUnknownLengthIsTooLarge() {
        TidingsException e = assertThrows(TidingsException.class, () -> PublishRequest.payload(
                Optional.of("text/plain"), -1, body("x".repeat(MAX + 1)), NO_EVENT, MAX));

        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, e.code());
        assertEquals("body larger than 64 bytes; raise tidings.publish.max-bytes to accept it", e.getMessage());
    }

    @Test
    void bodyLongerThanItsDeclaredLengthIsStillLimited() {
        TidingsException e = assertThrows(TidingsException.class, () -> PublishRequest.payload(
                Optional.of("text/plain"), 10, body("x".repeat(MAX + 1)), NO_EVENT, MAX));

        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, e.code());
    }

    @Test
    void bodyOfExactlyMaxBytesIsAcceptedWithDeclaredLength() {
        String text = "x".repeat(MAX);

        assertEquals(text, PublishRequest.payload(Optional.of("text/plain"), MAX, body(text), NO_EVENT, MAX));
    }

    @Test
    void bodyOfExactlyMaxBytesIsAcceptedWithUnknownLength() {
        String text = "x".repeat(MAX);

        assertEquals(text, PublishRequest.payload(Optional.of("text/plain"), -1, body(text), NO_EVENT, MAX));
    }

    @Test
    void maxBytesCountsBytesNotCharacters() {
        String text = "é".repeat(MAX / 2 + 1); // 2 bytes each: MAX + 2 bytes

        TidingsException e = assertThrows(TidingsException.class, () -> PublishRequest.payload(
                Optional.of("text/plain"), -1, body(text), NO_EVENT, MAX));
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, e.code());
    }

    @Test
    void largeBodyArrivingInSmallChunksIsReadWhole() {
        int max = 20_000;
        byte[] bytes = "y".repeat(max).getBytes(StandardCharsets.US_ASCII);

        String text = PublishRequest.payload(Optional.of("text/plain"), -1, trickle(bytes, 777), NO_EVENT, max);

        assertEquals("y".repeat(max), text);
    }

    @Test
    void largeBodyOneByteOverTheLimitArrivingInChunksIsTooLarge() {
        int max = 20_000;
        byte[] bytes = "y".repeat(max + 1).getBytes(StandardCharsets.US_ASCII);

        TidingsException e = assertThrows(TidingsException.class, () -> PublishRequest.payload(
                Optional.of("text/plain"), -1, trickle(bytes, 777), NO_EVENT, max));
        assertEquals(ErrorCode.PAYLOAD_TOO_LARGE, e.code());
        assertEquals("body larger than 20000 bytes; raise tidings.publish.max-bytes to accept it", e.getMessage());
    }

    // ---- encoding and read errors

    @Test
    void invalidUtf8IsABadRequest() {
        byte[] bytes = {'a', (byte) 0xC3, (byte) 0x28, 'b'};

        TidingsException e = assertThrows(TidingsException.class, () -> PublishRequest.payload(
                Optional.of("text/plain"), bytes.length, new ByteArrayInputStream(bytes), NO_EVENT, MAX));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals("body is not valid UTF-8", e.getMessage());
    }

    @Test
    void truncatedUtf8SequenceIsABadRequest() {
        byte[] bytes = {'a', (byte) 0xE2, (byte) 0x82};

        TidingsException e = assertThrows(TidingsException.class, () -> PublishRequest.payload(
                Optional.of("text/plain"), -1, new ByteArrayInputStream(bytes), NO_EVENT, MAX));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals("body is not valid UTF-8", e.getMessage());
    }

    @Test
    void bodyReadFailureIsABadRequest() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw new IOException("connection reset");
            }
        };

        TidingsException e = assertThrows(TidingsException.class, () -> PublishRequest.payload(
                Optional.of("text/plain"), -1, broken, NO_EVENT, MAX));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals("could not read the request body: connection reset", e.getMessage());
    }

    // ---- event names

    @Test
    void eventNameWithSpaceIsABadRequest() {
        TidingsException e = rejectedEvent("price tick");

        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals("invalid event name; event names match [A-Za-z0-9._:-]{1,64}", e.getMessage());
    }

    @Test
    void eventNameWithNewlineIsABadRequest() {
        TidingsException e = rejectedEvent("tick\ndata: forged");

        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals("invalid event name; event names match [A-Za-z0-9._:-]{1,64}", e.getMessage());
    }

    @Test
    void eventNameLongerThan64IsABadRequest() {
        TidingsException e = rejectedEvent("e".repeat(65));

        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals("invalid event name; event names match [A-Za-z0-9._:-]{1,64}", e.getMessage());
    }

    @Test
    void emptyEventNameIsABadRequest() {
        assertEquals(ErrorCode.BAD_REQUEST, rejectedEvent("").code());
    }

    @Test
    void invalidEventIsRejectedBeforeTheBodyIsRead() {
        TidingsException e = assertThrows(TidingsException.class, () -> PublishRequest.payload(
                Optional.of("text/plain"), -1, UNREADABLE, Optional.of("bad event"), MAX));

        assertEquals(ErrorCode.BAD_REQUEST, e.code());
    }

    @Test
    void unsupportedMediaTypeIsRejectedBeforeTheBodyIsRead() {
        try {
            PublishRequest.payload(Optional.of("text/html"), -1, UNREADABLE, NO_EVENT, MAX);
            fail("text/html accepted");
        } catch (TidingsException e) {
            assertEquals(ErrorCode.UNSUPPORTED_MEDIA_TYPE, e.code());
        }
    }
}
