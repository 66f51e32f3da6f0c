package dev.tidings.transport.ws;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.Message;
import dev.tidings.spi.CloseReason;
import dev.tidings.spi.Encoder;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * The WebSocket wire format: {@code {"id":"…","event":"…","data":"…"}}, {@code event} only when set.
 * {@code data} is always a string (JSON payloads arrive as JSON text), as tornadose's {@code {"data": …}}.
 *
 * <p>Also the server's side of RFC 6455 framing, for {@link ChannelSocket}: a server frame is never masked, so
 * a message's frame is the same bytes for every subscriber and is built once ({@link #FRAME}).
 */
public final class WsFrames {
    static final int OP_CONTINUATION = 0x0;
    static final int OP_TEXT = 0x1;
    static final int OP_BINARY = 0x2;
    static final int OP_CLOSE = 0x8;
    static final int OP_PING = 0x9;
    static final int OP_PONG = 0xA;

    /** Encodes each message once for every subscriber served by the platform WebSocket API. */
    public static final Encoder<String> ENCODER = WsFrames::json;
    /** Encodes each message once into a complete text frame, for every {@link ChannelSocket}. */
    public static final Encoder<byte[]> FRAME = m -> frame(OP_TEXT, json(m).getBytes(StandardCharsets.UTF_8));
    /** The heartbeat: an empty ping. */
    static final byte[] PING = {(byte) 0x89, 0};

    /** Close codes (RFC 6455 section 7.4.1). */
    static final int NORMAL = 1000;
    static final int GOING_AWAY = 1001;
    static final int PROTOCOL_ERROR = 1002;
    static final int POLICY_VIOLATION = 1008;
    static final int TOO_BIG = 1009;
    static final int UNEXPECTED_CONDITION = 1011;

    /** Why a channel socket is closed when its client sends a message: it only receives (1008 bad-request). */
    static final CloseReason RECEIVE_ONLY = new CloseReason(ErrorCode.BAD_REQUEST,
            "this socket only receives; publish with POST /api/channels/{name}");

    /** Found once: {@code Json.create...} looks the JSON-P provider up again on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private WsFrames() {
    }

    /** The JSON text of a message. */
    public static String json(Message message) {
        StringWriter out = new StringWriter(message.data().length() + 48);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject().write("id", message.id());
            message.event().ifPresent(e -> json.write("event", e));
            json.write("data", message.data()).writeEnd();
        }
        return out.toString();
    }

    /** One unmasked, final frame. */
    static byte[] frame(int opcode, byte[] payload) {
        int n = payload.length;
        int head = n < 126 ? 2 : n < 65536 ? 4 : 10;
        byte[] f = new byte[head + n];
        f[0] = (byte) (0x80 | opcode);
        if (n < 126) {
            f[1] = (byte) n;
        } else if (n < 65536) {
            f[1] = 126;
            f[2] = (byte) (n >>> 8);
            f[3] = (byte) n;
        } else {
            f[1] = 127;
            for (int i = 0; i < 8; i++) {
                f[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, f, head, n);
        return f;
    }

    /** A close frame: the code, then the reason cut to fit a control frame (123 bytes of UTF-8, whole characters). */
    static byte[] close(int code, String reason) {
        byte[] text = fit(reason, 123);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return frame(OP_CLOSE, payload);
    }

    /** The close code for why the server ends a subscription: 1001 on shutdown, 1011 internal, 1008 otherwise. */
    static int closeCode(CloseReason reason) {
        return switch (reason.code()) {
            case SHUTTING_DOWN -> GOING_AWAY;
            case INTERNAL -> UNEXPECTED_CONDITION;
            default -> POLICY_VIOLATION;
        };
    }

    /** The close reason text: the error code first, e.g. {@code unknown-channel: ...}, at most 120 characters. */
    static String closeText(CloseReason reason) {
        String text = reason.code().code() + ": " + reason.text();
        return text.length() > 120 ? text.substring(0, 120) : text;
    }

    private static byte[] fit(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return bytes;
        }
        int end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // do not cut a character in half
        }
        return java.util.Arrays.copyOf(bytes, end);
    }
}
