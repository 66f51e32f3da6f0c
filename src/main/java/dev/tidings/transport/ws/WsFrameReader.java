package dev.tidings.transport.ws;

/**
 * Reads what a client sends on a channel socket, byte by byte as it arrives (RFC 6455 section 5), without
 * buffering more than one control frame's payload (125 bytes): a subscription socket only ever expects pongs,
 * pings and a close. Anything else is reported once and the rest of the stream ignored.
 */
final class WsFrameReader {

    /** What the reader found. Called on the reading thread. */
    interface Handler {
        void ping(byte[] payload);

        void pong();

        /** The client closes; {@code code} is -1 when its close frame carried none. */
        void close(int code);

        /** A text or binary message: a subscription socket only receives. */
        void data();

        /** A frame that breaks the protocol: close with 1002 and this reason. */
        void protocolError(String reason);
    }

    private static final int HEAD = 0;
    private static final int LENGTH = 1;
    private static final int MASK = 2;
    private static final int PAYLOAD = 3;
    private static final int DONE = 4;

    private final Handler handler;
    private int state = HEAD;
    private int opcode;
    private long remaining;
    private final byte[] mask = new byte[4];
    private int maskAt;
    private byte[] control;
    private int controlAt;

    WsFrameReader(Handler handler) {
        this.handler = handler;
    }

    /** Whether the reader has stopped (after a close, a data frame or a protocol error): ignore the rest. */
    boolean done() {
        return state == DONE;
    }

    void feed(byte[] bytes, int from, int to) {
        for (int i = from; i < to && state != DONE; i++) {
            int b = bytes[i] & 0xff;
            switch (state) {
                case HEAD -> {
                    if ((b & 0x70) != 0) {
                        fail("reserved bits set without a negotiated extension");
                        return;
                    }
                    opcode = b & 0x0f;
                    boolean fin = (b & 0x80) != 0;
                    if (opcode >= 0x8) {
                        if (opcode > OP_MAX_CONTROL || !fin) {
                            fail(!fin ? "fragmented control frame" : "unknown opcode " + opcode);
                            return;
                        }
                    } else if (opcode > WsFrames.OP_BINARY) {
                        fail("unknown opcode " + opcode);
                        return;
                    } else {
                        state = DONE;
                        handler.data();
                        return;
                    }
                    state = LENGTH;
                }
                case LENGTH -> {
                    if ((b & 0x80) == 0) {
                        fail("client frames must be masked");
                        return;
                    }
                    int len = b & 0x7f;
                    if (len > 125) {
                        fail("control frame payload over 125 bytes");
                        return;
                    }
                    remaining = len;
                    maskAt = 0;
                    state = MASK;
                }
                case MASK -> {
                    mask[maskAt++] = (byte) b;
                    if (maskAt == 4) {
                        control = new byte[(int) remaining];
                        controlAt = 0;
                        state = PAYLOAD;
                        if (remaining == 0) {
                            complete();
                        }
                    }
                }
                case PAYLOAD -> {
                    control[controlAt] = (byte) (b ^ mask[controlAt & 3]);
                    controlAt++;
                    if (controlAt == control.length) {
                        complete();
                    }
                }
                default -> {
                    return;
                }
            }
        }
    }

    private static final int OP_MAX_CONTROL = WsFrames.OP_PONG;

    private void complete() {
        state = HEAD;
        switch (opcode) {
            case WsFrames.OP_PING -> handler.ping(control);
            case WsFrames.OP_PONG -> handler.pong();
            case WsFrames.OP_CLOSE -> {
                state = DONE;
                if (control.length == 1) {
                    handler.protocolError("close frame with a one-byte payload");
                } else {
                    handler.close(control.length == 0 ? -1 : ((control[0] & 0xff) << 8) | (control[1] & 0xff));
                }
            }
            default -> fail("unknown opcode " + opcode);
        }
    }

    private void fail(String reason) {
        state = DONE;
        handler.protocolError(reason);
    }
}
