package dev.tidings.transport.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tidings.api.Message;
import dev.tidings.spi.Envelope;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WsFramesTest {

    private static String frame(Optional<String> event, String data) {
        return WsFrames.json(new Message("c", "e-1", event, data));
    }

    private static String frame(String data) {
        return frame(Optional.empty(), data);
    }

    @Test
    void messageWithoutEventOmitsTheEventKey() {
        assertEquals("{\"id\":\"e-1\",\"data\":\"hello\"}", frame("hello"));
    }

    @Test
    void messageWithEvent() {
        assertEquals("{\"id\":\"e-1\",\"event\":\"tick\",\"data\":\"hello\"}", frame(Optional.of("tick"), "hello"));
    }

    @Test
    void emptyData() {
        assertEquals("{\"id\":\"e-1\",\"data\":\"\"}", frame(""));
    }

    @Test
    void jsonPayloadIsSentAsAString() {
        assertEquals("{\"id\":\"e-1\",\"data\":\"{\\\"price\\\":42}\"}", frame("{\"price\":42}"));
    }

    @Test
    void quotesAreEscaped() {
        assertEquals("{\"id\":\"e-1\",\"data\":\"say \\\"hi\\\"\"}", frame("say \"hi\""));
    }

    @Test
    void backslashIsEscaped() {
        assertEquals("{\"id\":\"e-1\",\"data\":\"C:\\\\temp\"}", frame("C:\\temp"));
    }

    @Test
    void lineBreaksAndTabAreEscaped() {
        assertEquals("{\"id\":\"e-1\",\"data\":\"a\\nb\\r\\nc\\td\"}", frame("a\nb\r\nc\td"));
    }

    @Test
    void otherControlCharactersAreUnicodeEscaped() {
        assertEquals("{\"id\":\"e-1\",\"data\":\"\\u0000\\u0001\\b\\f\\u001f\"}", frame("\u0000\u0001\b\f\u001f"));
    }

    @Test
    void unicodeIsWrittenAsIs() {
        assertEquals("{\"id\":\"e-1\",\"data\":\"é€😀\"}", frame("é€😀"));
    }

    @Test
    void eventNameIsEscapedToo() {
        assertEquals("{\"id\":\"e-1\",\"event\":\"a\\\"b\",\"data\":\"x\"}", frame(Optional.of("a\"b"), "x"));
    }

    @Test
    void frameParsesBackToTheMessage() {
        String data = "line 1\nline \"2\"\\ \u0007 é😀";
        JsonObject parsed = Json.createReader(new StringReader(frame(Optional.of("tick"), data))).readObject();

        assertEquals("e-1", parsed.getString("id"));
        assertEquals("tick", parsed.getString("event"));
        assertEquals(data, parsed.getString("data"));
        assertEquals(3, parsed.size());
    }

    @Test
    void envelopeEncodesOnceForEveryWebSocketSubscriber() {
        Envelope envelope = new Envelope(new Message("c", "e-1", Optional.empty(), "hello"));

        String first = envelope.encoded(WsFrames.ENCODER);

        assertSame(first, envelope.encoded(WsFrames.ENCODER));
        assertEquals("{\"id\":\"e-1\",\"data\":\"hello\"}", first);
    }
}
