package dev.tidings.transport.tcp;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.Message;
import dev.tidings.api.TidingsException;
import dev.tidings.spi.Encoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The TCP wire format: UTF-8 lines ending in CRLF.
 * <pre>
 * client: SUBSCRIBE &lt;channel&gt; [last-id] | UNSUBSCRIBE &lt;channel&gt; | PUBLISH &lt;channel&gt; &lt;payload&gt;
 *         | AUTH &lt;token&gt; | PING | QUIT
 * server: MESSAGE &lt;channel&gt; &lt;id&gt; &lt;payload&gt;
 *         EVENT &lt;channel&gt; &lt;id&gt; &lt;event&gt; &lt;payload&gt;     (a message published with an event name)
 *         OK [&lt;id&gt;] | PONG | ERR &lt;code&gt; &lt;text&gt;
 * </pre>
 * Payloads are escaped both ways so that one message is one line: backslash becomes {@code \\}, LF
 * {@code \n}, CR {@code \r}; nothing else changes, and {@link #unescape} reverses {@link #escape} exactly.
 */
final class TcpLines {
    /** Encodes each message once for every TCP subscriber. */
    static final Encoder<byte[]> ENCODER = TcpLines::frame;
    static final byte[] OK = line("OK");
    static final byte[] PONG = line("PONG");
    static final String COMMANDS = "SUBSCRIBE, UNSUBSCRIBE, PUBLISH, AUTH, PING, QUIT";

    private TcpLines() {
    }

    /** {@code MESSAGE <channel> <id> <payload>}, or {@code EVENT <channel> <id> <event> <payload>}, and CRLF. */
    static byte[] frame(Message message) {
        StringBuilder out = new StringBuilder(message.data().length() + 64);
        out.append(message.event().isPresent() ? "EVENT " : "MESSAGE ").append(message.channel()).append(' ').append(message.id());
        message.event().ifPresent(e -> out.append(' ').append(e));
        out.append(' ');
        escape(message.data(), out);
        return line(out.toString());
    }

    /** {@code OK <detail>}. */
    static byte[] ok(String detail) {
        return line("OK " + detail);
    }

    /** {@code ERR <code> <text>}, the text escaped so it stays one line. */
    static byte[] error(ErrorCode code, String text) {
        return line("ERR " + code.code() + " " + escape(text));
    }

    static String escape(String payload) {
        StringBuilder out = new StringBuilder(payload.length() + 8);
        escape(payload, out);
        return out.toString();
    }

    private static void escape(String payload, StringBuilder out) {
        for (int i = 0; i < payload.length(); i++) {
            char c = payload.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }

    /** @throws TidingsException ({@link ErrorCode#BAD_REQUEST}) for a backslash not followed by {@code \ n r} */
    static String unescape(String escaped) {
        int slash = escaped.indexOf('\\');
        if (slash < 0) {
            return escaped;
        }
        StringBuilder out = new StringBuilder(escaped.length());
        out.append(escaped, 0, slash);
        for (int i = slash; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char next = i + 1 < escaped.length() ? escaped.charAt(i + 1) : 0;
            switch (next) {
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                default -> throw new TidingsException(ErrorCode.BAD_REQUEST,
                        "invalid escape at character " + (i + 1) + " of the payload: a backslash is followed by another backslash, n (LF) or r (CR)");
            }
            i++;
        }
        return out.toString();
    }

    /**
     * Parses one client line (without its line end).
     *
     * @throws TidingsException ({@link ErrorCode#BAD_REQUEST}) saying what is wrong and how the command is written
     */
    static TcpCommand parse(byte[] line) {
        String text = decode(line);
        int space = text.indexOf(' ');
        String verb = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        String rest = space < 0 ? "" : text.substring(space + 1);
        return switch (verb) {
            case "SUBSCRIBE" -> {
                String[] args = words(rest, 1, 2, "SUBSCRIBE <channel> [last-id]");
                yield new TcpCommand.Subscribe(args[0], Optional.ofNullable(args.length > 1 ? args[1] : null));
            }
            case "UNSUBSCRIBE" -> new TcpCommand.Unsubscribe(words(rest, 1, 1, "UNSUBSCRIBE <channel>")[0]);
            case "PUBLISH" -> {
                int gap = rest.indexOf(' ');
                if (gap <= 0) {
                    throw usage("PUBLISH <channel> <payload>");
                }
                yield new TcpCommand.Publish(rest.substring(0, gap), rest.substring(gap + 1));
            }
            case "AUTH" -> new TcpCommand.Auth(words(rest, 1, 1, "AUTH <token>")[0]);
            case "PING" -> {
                words(rest, 0, 0, "PING");
                yield new TcpCommand.Ping();
            }
            case "QUIT" -> {
                words(rest, 0, 0, "QUIT");
                yield new TcpCommand.Quit();
            }
            default -> throw new TidingsException(ErrorCode.BAD_REQUEST,
                    "unknown command '" + printable(verb) + "'; commands: " + COMMANDS);
        };
    }

    private static String[] words(String rest, int min, int max, String usage) {
        String[] words = rest.isEmpty() ? new String[0] : rest.split(" ", -1);
        if (words.length < min || words.length > max) {
            throw usage(usage);
        }
        for (String w : words) {
            if (w.isEmpty()) {
                throw usage(usage);
            }
        }
        return words;
    }

    private static TidingsException usage(String usage) {
        return new TidingsException(ErrorCode.BAD_REQUEST, "usage: " + usage + " (arguments separated by one space)");
    }

    private static String decode(byte[] line) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line)).toString();
        } catch (CharacterCodingException e) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "line is not valid UTF-8");
        }
    }

    /** At most 32 characters, anything unprintable shown as '?', safe to echo in an error. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(32).forEach(c -> out.appendCodePoint(c >= 0x20 && c != 0x7f ? c : '?'));
        return text.codePointCount(0, text.length()) > 32 ? out + "..." : out.toString();
    }

    private static byte[] line(String text) {
        return (text + "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
