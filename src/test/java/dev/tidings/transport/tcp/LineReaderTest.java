package dev.tidings.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {
    private final List<String> lines = new ArrayList<>();
    private final LineReader.Sink collect = line -> lines.add(new String(line, StandardCharsets.UTF_8));

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void splitsCrlfLinesAndAcceptsBareLf() {
        LineReader reader = new LineReader(100);
        assertEquals(LineReader.Result.MORE, reader.feed(bytes("PING\r\nSUBSCRIBE a\nQUIT\r\n"), collect));
        assertEquals(List.of("PING", "SUBSCRIBE a", "QUIT"), lines);
    }

    @Test
    void keepsAPartialLineUntilItsEndArrives() {
        LineReader reader = new LineReader(100);
        reader.feed(bytes("SUBSC"), collect);
        reader.feed(bytes("RIBE a\r"), collect);
        assertEquals(List.of(), lines);
        reader.feed(bytes("\nPI"), collect);
        reader.feed(bytes("NG\r\n"), collect);
        assertEquals(List.of("SUBSCRIBE a", "PING"), lines);
    }

    @Test
    void aCrInsideALineIsKept() {
        new LineReader(100).feed(bytes("a\rb\r\n"), collect);
        assertEquals(List.of("a\rb"), lines);
    }

    @Test
    void emptyLinesArePassedOn() {
        new LineReader(100).feed(bytes("\r\n\n"), collect);
        assertEquals(List.of("", ""), lines);
    }

    @Test
    void aLineOfExactlyTheLimitIsAccepted() {
        LineReader reader = new LineReader(8);
        assertEquals(LineReader.Result.MORE, reader.feed(bytes("12345678\r\n12345678\n"), collect));
        assertEquals(List.of("12345678", "12345678"), lines);
    }

    @Test
    void oneByteOverTheLimitIsTooLong() {
        assertEquals(LineReader.Result.TOO_LONG, new LineReader(8).feed(bytes("123456789\r\n"), collect));
        assertEquals(List.of(), lines);
        assertEquals(LineReader.Result.TOO_LONG, new LineReader(8).feed(bytes("12345678\r9"), collect));
    }

    @Test
    void aLineWithoutEndIsCutOffAtTheLimitNotBuffered() {
        LineReader reader = new LineReader(1000);
        byte[] chunk = new byte[600];
        java.util.Arrays.fill(chunk, (byte) 'x');
        assertEquals(LineReader.Result.MORE, reader.feed(ByteBuffer.wrap(chunk), collect));
        assertEquals(LineReader.Result.TOO_LONG, reader.feed(ByteBuffer.wrap(chunk), collect));
    }

    @Test
    void theSinkCanStopReading() {
        LineReader reader = new LineReader(100);
        LineReader.Sink untilQuit = line -> {
            lines.add(new String(line, StandardCharsets.UTF_8));
            return !lines.get(lines.size() - 1).equals("QUIT");
        };
        assertEquals(LineReader.Result.STOPPED, reader.feed(bytes("PING\r\nQUIT\r\nPING\r\n"), untilQuit));
        assertEquals(List.of("PING", "QUIT"), lines);
    }
}
