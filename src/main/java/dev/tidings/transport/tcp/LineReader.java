package dev.tidings.transport.tcp;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Splits a byte stream into lines. A line ends with LF; a CR before the LF is dropped (CRLF is the protocol's
 * line end, a bare LF is accepted from hand-typed sessions). Memory is bounded by {@code maxLine}: a longer
 * line is reported instead of buffered. Not thread safe: one reader per connection, fed by its read loop.
 */
final class LineReader {

    /** Receives each complete line, without its line end. */
    @FunctionalInterface
    interface Sink {
        /** @return false to stop reading (the connection is ending) */
        boolean line(byte[] line);
    }

    enum Result {
        /** Every complete line was consumed; feed more bytes. */
        MORE,
        /** The sink asked to stop. */
        STOPPED,
        /** A line is longer than the limit: the stream cannot be trusted to resynchronise, so the connection ends. */
        TOO_LONG
    }

    private final int maxLine;
    private byte[] partial = new byte[128];
    private int length;

    /** @param maxLine longest accepted line in bytes, without its line end */
    LineReader(int maxLine) {
        this.maxLine = maxLine;
    }

    /** Consumes every byte of {@code in}, passing complete lines to the sink. */
    Result feed(ByteBuffer in, Sink sink) {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == '\n') {
                int end = length > 0 && partial[length - 1] == '\r' ? length - 1 : length;
                byte[] line = Arrays.copyOf(partial, end);
                length = 0;
                if (partial.length > 4096) {
                    partial = new byte[128]; // an idle connection keeps little, whatever its longest line was
                }
                if (!sink.line(line)) {
                    return Result.STOPPED;
                }
                continue;
            }
            // One byte of slack for the CR of a CRLF that ends a line of exactly maxLine bytes.
            if (length > maxLine || (length == maxLine && b != '\r')) {
                return Result.TOO_LONG;
            }
            if (length == partial.length) {
                partial = Arrays.copyOf(partial, Math.min(partial.length * 2, maxLine + 1));
            }
            partial[length++] = b;
        }
        return Result.MORE;
    }
}
