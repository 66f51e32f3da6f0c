package dev.tidings.transport.sse;

import dev.tidings.api.Message;
import dev.tidings.spi.Encoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The SSE wire format. A message becomes
 * <pre>
 * id: &lt;id&gt;
 * event: &lt;event&gt;        (only when set)
 * data: &lt;line 1&gt;
 * data: &lt;line 2&gt;       (one data line per payload line; CR, LF and CRLF all end a line)
 * (blank line)
 * </pre>
 * so a multi-line payload arrives whole (tornadose showed only its first line).
 */
public final class SseFrames {
    /** Encodes each message once for every SSE subscriber. */
    public static final Encoder<byte[]> ENCODER = SseFrames::frame;
    /** The keep-alive comment. */
    public static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    private SseFrames() {
    }

    public static byte[] frame(Message message) {
        String data = message.data();
        StringBuilder out = new StringBuilder(data.length() + 48);
        out.append("id: ").append(message.id()).append('\n');
        message.event().ifPresent(e -> out.append("event: ").append(e).append('\n'));
        int start = 0;
        int n = data.length();
        for (int i = 0; i < n; i++) {
            char c = data.charAt(i);
            if (c == '\n' || c == '\r') {
                dataLine(out, data, start, i);
                if (c == '\r' && i + 1 < n && data.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        dataLine(out, data, start, n);
        out.append('\n');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The first frame of every stream: tells the client how long to wait before reconnecting. */
    public static byte[] retry(Duration retry) {
        return ("retry: " + retry.toMillis() + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void dataLine(StringBuilder out, String data, int from, int to) {
        out.append(from == to ? "data:" : "data: ").append(data, from, to).append('\n');
    }
}
