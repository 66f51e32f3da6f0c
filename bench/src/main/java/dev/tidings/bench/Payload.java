package dev.tidings.bench;

import java.nio.charset.StandardCharsets;

/**
 * What the benchmark publishes: {@code @<step>.<seq>.<sendNanos>@} (nanoseconds since the load generator
 * started, so never negative) padded with {@code x} to a fixed size. The
 * receivers scan raw bytes for it, so it uses only characters that no wire format escapes or inserts
 * (SSE copies it into a {@code data:} line, WebSocket into a JSON string, TCP into a line).
 */
final class Payload {
    static final byte MARK = '@';

    private Payload() {
    }

    static byte[] of(int step, long seq, long sendNanos, int size) {
        String head = "@" + step + "." + seq + "." + sendNanos + "@";
        StringBuilder out = new StringBuilder(Math.max(size, head.length())).append(head);
        while (out.length() < size) {
            out.append('x');
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Finds payloads in a byte stream, byte by byte, without allocating: one per connection, fed only the
     * bytes that carry message data (the transport strips its framing first).
     */
    static final class Scanner {
        private static final int SCAN = 0;
        private static final int STEP = 1;
        private static final int SEQ = 2;
        private static final int NANOS = 3;

        private int state = SCAN;
        private int digits;
        private long step;
        private long seq;
        private long nanos;

        /** Feeds one byte; returns true when it completed a payload (read it with {@link #step()} etc.). */
        boolean feed(byte b) {
            switch (state) {
                case SCAN:
                    if (b == MARK) {
                        begin(STEP);
                    }
                    return false;
                case STEP:
                    if (isDigit(b)) {
                        step = step * 10 + (b - '0');
                        digits++;
                    } else {
                        next(b, SEQ);
                    }
                    return false;
                case SEQ:
                    if (isDigit(b)) {
                        seq = seq * 10 + (b - '0');
                        digits++;
                    } else {
                        next(b, NANOS);
                    }
                    return false;
                default:
                    if (isDigit(b)) {
                        nanos = nanos * 10 + (b - '0');
                        digits++;
                        return false;
                    }
                    boolean done = b == MARK && digits > 0;
                    state = SCAN;
                    if (!done && b == MARK) {
                        begin(STEP);
                    }
                    return done;
            }
        }

        private void next(byte b, int to) {
            if (b == '.' && digits > 0) {
                state = to;
                digits = 0;
            } else {
                state = SCAN;
                if (b == MARK) {
                    begin(STEP);
                }
            }
        }

        private void begin(int to) {
            state = to;
            digits = 0;
            step = 0;
            seq = 0;
            nanos = 0;
        }

        int step() {
            return (int) step;
        }

        long seq() {
            return seq;
        }

        long nanos() {
            return nanos;
        }

        private static boolean isDigit(byte b) {
            return b >= '0' && b <= '9';
        }
    }
}
