package dev.tidings.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.Message;
import dev.tidings.api.TidingsException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TcpLinesTest {

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static TcpCommand parse(String line) {
        return TcpLines.parse(line.getBytes(StandardCharsets.UTF_8));
    }

    private static String rejected(String line) {
        TidingsException e = assertThrows(TidingsException.class, () -> parse(line), line);
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        return e.getMessage();
    }

    @Test
    void messageFrameIsOneCrlfLine() {
        Message m = new Message("prices", "mwr9x0sxi1-7", Optional.empty(), "42.5");
        assertEquals("MESSAGE prices mwr9x0sxi1-7 42.5\r\n", text(TcpLines.frame(m)));
    }

    @Test
    void messageWithAnEventNameIsAnEventLine() {
        Message m = new Message("news", "e-3", Optional.of("tidings-gap"), "{\"reason\":\"expired\"}");
        assertEquals("EVENT news e-3 tidings-gap {\"reason\":\"expired\"}\r\n", text(TcpLines.frame(m)));
    }

    @Test
    void emptyPayloadKeepsTheSeparatingSpace() {
        assertEquals("MESSAGE a e-1 \r\n", text(TcpLines.frame(new Message("a", "e-1", Optional.empty(), ""))));
    }

    @Test
    void lineBreaksAndBackslashesAreEscaped() {
        Message m = new Message("a", "e-1", Optional.empty(), "line one\nline two\r\nC:\\dir\\n");
        assertEquals("MESSAGE a e-1 line one\\nline two\\r\\nC:\\\\dir\\\\n\r\n", text(TcpLines.frame(m)));
    }

    @Test
    void unescapeReversesEscapeExactly() {
        for (String payload : new String[] {"", "plain", "a\nb", "a\r\nb\r", "\\", "\\n", "\\\\n\n", "ünï €\n😀", "tab\there"}) {
            assertEquals(payload, TcpLines.unescape(TcpLines.escape(payload)), payload);
        }
    }

    @Test
    void unescapeRejectsAnUnknownOrDanglingEscape() {
        for (String bad : new String[] {"a\\tb", "end\\", "\\x41"}) {
            TidingsException e = assertThrows(TidingsException.class, () -> TcpLines.unescape(bad), bad);
            assertEquals(ErrorCode.BAD_REQUEST, e.code());
        }
        assertEquals("invalid escape at character 2 of the payload: a backslash is followed by another backslash, n (LF) or r (CR)",
                assertThrows(TidingsException.class, () -> TcpLines.unescape("a\\tb")).getMessage());
    }

    @Test
    void errorAndReplyLines() {
        assertEquals("OK\r\n", text(TcpLines.OK));
        assertEquals("PONG\r\n", text(TcpLines.PONG));
        assertEquals("OK e-9\r\n", text(TcpLines.ok("e-9")));
        assertEquals("ERR unknown-channel unknown channel 'x'\r\n", text(TcpLines.error(ErrorCode.UNKNOWN_CHANNEL, "unknown channel 'x'")));
        assertEquals("ERR bad-request two\\nlines\r\n", text(TcpLines.error(ErrorCode.BAD_REQUEST, "two\nlines")));
    }

    @Test
    void parsesEveryCommand() {
        assertEquals(new TcpCommand.Subscribe("prices", Optional.empty()), parse("SUBSCRIBE prices"));
        assertEquals(new TcpCommand.Subscribe("news", Optional.of("e-41")), parse("SUBSCRIBE news e-41"));
        assertEquals(new TcpCommand.Unsubscribe("news"), parse("UNSUBSCRIBE news"));
        assertEquals(new TcpCommand.Publish("chat", "hello  world \\n"), parse("PUBLISH chat hello  world \\n"));
        assertEquals(new TcpCommand.Publish("chat", ""), parse("PUBLISH chat "));
        assertEquals(new TcpCommand.Auth("s3cret"), parse("AUTH s3cret"));
        assertEquals(new TcpCommand.Ping(), parse("PING"));
        assertEquals(new TcpCommand.Quit(), parse("QUIT"));
    }

    @Test
    void commandNamesAreCaseInsensitive() {
        assertEquals(new TcpCommand.Subscribe("Prices", Optional.empty()), parse("subscribe Prices"));
        assertEquals(new TcpCommand.Ping(), parse("ping"));
    }

    @Test
    void unknownCommandNamesTheCommands() {
        assertEquals("unknown command 'HELLO'; commands: SUBSCRIBE, UNSUBSCRIBE, PUBLISH, AUTH, PING, QUIT", rejected("HELLO world"));
        assertEquals("unknown command 'GET'; commands: SUBSCRIBE, UNSUBSCRIBE, PUBLISH, AUTH, PING, QUIT", rejected("GET / HTTP/1.1"));
    }

    @Test
    void wrongArgumentsGiveTheUsage() {
        assertEquals("usage: SUBSCRIBE <channel> [last-id] (arguments separated by one space)", rejected("SUBSCRIBE"));
        assertEquals("usage: SUBSCRIBE <channel> [last-id] (arguments separated by one space)", rejected("SUBSCRIBE a b c"));
        assertEquals("usage: SUBSCRIBE <channel> [last-id] (arguments separated by one space)", rejected("SUBSCRIBE  a"));
        assertEquals("usage: UNSUBSCRIBE <channel> (arguments separated by one space)", rejected("UNSUBSCRIBE"));
        assertEquals("usage: PUBLISH <channel> <payload> (arguments separated by one space)", rejected("PUBLISH chat"));
        assertEquals("usage: PUBLISH <channel> <payload> (arguments separated by one space)", rejected("PUBLISH  chat x"));
        assertEquals("usage: AUTH <token> (arguments separated by one space)", rejected("AUTH"));
        assertEquals("usage: PING (arguments separated by one space)", rejected("PING now"));
        assertEquals("usage: QUIT (arguments separated by one space)", rejected("QUIT now"));
    }

    @Test
    void binaryGarbageIsRejectedAsInvalidUtf8OrAnUnknownCommand() {
        TidingsException e = assertThrows(TidingsException.class, () -> TcpLines.parse(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x41}));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals("line is not valid UTF-8", e.getMessage());
        assertEquals("unknown command '??A'; commands: SUBSCRIBE, UNSUBSCRIBE, PUBLISH, AUTH, PING, QUIT",
                assertThrows(TidingsException.class, () -> TcpLines.parse(new byte[] {0x01, 0x07, 0x41})).getMessage());
    }

    @Test
    void longUnknownCommandIsCutInTheError() {
        assertEquals("unknown command '" + "X".repeat(32) + "...'; commands: SUBSCRIBE, UNSUBSCRIBE, PUBLISH, AUTH, PING, QUIT",
                rejected("X".repeat(5000)));
    }
}
