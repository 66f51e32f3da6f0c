package dev.tidings.transport.ws;

import dev.tidings.api.Message;
import dev.tidings.spi.Encoder;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;

/**
 * The WebSocket wire format: {@code {"id":"…","event":"…","data":"…"}}, {@code event} only when set.
 * {@code data} is always a string (JSON payloads arrive as JSON text), as tornadose's {@code {"data": …}}.
 */
public final class WsFrames {
    /** Encodes each message once for every WebSocket subscriber. */
    public static final Encoder<String> ENCODER = WsFrames::frame;
    /** Found once: {@code Json.create...} looks the JSON-P provider up again on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private WsFrames() {
    }

    public static String frame(Message message) {
        StringWriter out = new StringWriter(message.data().length() + 48);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject().write("id", message.id());
            message.event().ifPresent(e -> json.write("event", e));
            json.write("data", message.data()).writeEnd();
        }
        return out.toString();
    }
}
