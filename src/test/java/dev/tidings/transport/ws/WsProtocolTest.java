package dev.tidings.transport.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.Message;
import dev.tidings.api.TidingsException;
import dev.tidings.spi.CloseReason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Tidings' own RFC 6455 framing for channel sockets: the frames it writes, the client frames it reads, the handshake. */
class WsProtocolTest {

    // ---- frames the server writes ----------------------------------------------------------------------------

    @Test
    void messageFrameIsAnUnmaskedFinalTextFrameOfTheJson() {
        Message m = new Message("c", "e-1", Optional.empty(), "hi");
        byte[] frame = WsFrames.FRAME.encode(m);
        byte[] json = WsFrames.json(m).getBytes(StandardCharsets.UTF_8);
        assertEquals((byte) 0x81, frame[0]);
        assertEquals(json.length, frame[1]);
        assertArrayEquals(json, Arrays.copyOfRange(frame, 2, frame.length));
    }

    @Test
    void lengthsUseTheShortestEncoding() {
        assertEquals(2 + 125, WsFrames.frame(WsFrames.OP_TEXT, new byte[125]).length);
        byte[] mid = WsFrames.frame(WsFrames.OP_TEXT, new byte[126]);
        assertEquals(126, mid[1]);
        assertEquals(0, mid[2]);
        assertEquals(126, mid[3]);
        assertEquals(4 + 126, mid.length);
        byte[] big = WsFrames.frame(WsFrames.OP_TEXT, new byte[70_000]);
        assertEquals(127, big[1]);
        assertEquals(70_000, ((big[7] & 0xff) << 16) | ((big[8] & 0xff) << 8) | (big[9] & 0xff));
        assertEquals(10 + 70_000, big.length);
    }

    @Test
    void closeFrameCarriesCodeAndReasonCutToWholeCharactersWithin123Bytes() {
        byte[] close = WsFrames.close(1008, "slow-consumer: " + "é".repeat(100));
        assertEquals((byte) 0x88, close[0]);
        int len = close[1];
        assertTrue(len <= 125, "control frame payload " + len);
        assertEquals(1008, ((close[2] & 0xff) << 8) | (close[3] & 0xff));
        String reason = new String(close, 4, len - 2, StandardCharsets.UTF_8);
        assertTrue(reason.startsWith("slow-consumer: é") && !reason.contains("\uFFFD"), reason);
    }

    @Test
    void closeCodesFollowTheReason() {
        assertEquals(1001, WsFrames.closeCode(CloseReason.shuttingDown()));
        assertEquals(1011, WsFrames.closeCode(CloseReason.sendFailed()));
        assertEquals(1008, WsFrames.closeCode(CloseReason.slowConsumer(8)));
        assertEquals("slow-consumer: outgoing buffer of 8 messages overflowed", WsFrames.closeText(CloseReason.slowConsumer(8)));
    }

    // ---- frames the server reads -----------------------------------------------------------------------------

    @Test
    void readsMaskedControlFramesSplitAnywhere() {
        byte[] stream = concat(clientFrame(0x9, "abc".getBytes(StandardCharsets.UTF_8)), clientFrame(0xA, new byte[0]),
                clientFrame(0x8, new byte[] {0x03, (byte) 0xE8, 'b', 'y', 'e'}));
        for (int split = 0; split <= stream.length; split++) {
            Recorder r = new Recorder();
            WsFrameReader reader = new WsFrameReader(r);
            reader.feed(stream, 0, split);
            reader.feed(stream, split, stream.length);
            assertEquals(List.of("ping abc", "pong", "close 1000"), r.events, "split at " + split);
            assertTrue(reader.done());
        }
    }

    @Test
    void closeWithoutCodeAndAfterItNothing() {
        Recorder r = new Recorder();
        WsFrameReader reader = new WsFrameReader(r);
        byte[] stream = concat(clientFrame(0x8, new byte[0]), clientFrame(0x9, new byte[0]));
        reader.feed(stream, 0, stream.length);
        assertEquals(List.of("close -1"), r.events);
    }

    @Test
    void dataFramesAreRefusedOnce() {
        for (int opcode : new int[] {0x1, 0x2, 0x0}) {
            Recorder r = new Recorder();
            WsFrameReader reader = new WsFrameReader(r);
            byte[] stream = concat(clientFrame(opcode, "publish me".getBytes(StandardCharsets.UTF_8)), clientFrame(0x9, new byte[0]));
            reader.feed(stream, 0, stream.length);
            assertEquals(List.of("data"), r.events, "opcode " + opcode);
        }
    }

    @Test
    void protocolErrorsAreNamed() {
        assertEquals("error client frames must be masked", readOne(new byte[] {(byte) 0x89, 0x00}));
        assertEquals("error reserved bits set without a negotiated extension", readOne(new byte[] {(byte) 0xC9, (byte) 0x80, 1, 2, 3, 4}));
        assertEquals("error fragmented control frame", readOne(new byte[] {0x09, (byte) 0x80, 1, 2, 3, 4}));
        assertEquals("error unknown opcode 11", readOne(new byte[] {(byte) 0x8B, (byte) 0x80, 1, 2, 3, 4}));
        assertEquals("error unknown opcode 3", readOne(new byte[] {(byte) 0x83, (byte) 0x80, 1, 2, 3, 4}));
        assertEquals("error control frame payload over 125 bytes", readOne(new byte[] {(byte) 0x89, (byte) 0xFE, 0, (byte) 200}));
        assertEquals("error close frame with a one-byte payload", readOne(clientFrame(0x8, new byte[] {3})));
    }

    // ---- the handshake -------------------------------------------------------------------------------------

    @Test
    void acceptValueIsTheRfcExample() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WsUpgradeFilter.accept("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void badKeysAreRefused() {
        for (String key : new String[] {null, "", "not base64!", "c2hvcnQ="}) {
            TidingsException e = assertThrows(TidingsException.class, () -> WsUpgradeFilter.accept(key));
            assertEquals(ErrorCode.BAD_REQUEST, e.code());
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static String readOne(byte[] bytes) {
        Recorder r = new Recorder();
        new WsFrameReader(r).feed(bytes, 0, bytes.length);
        return String.join(",", r.events);
    }

    /** A final, masked client frame. */
    static byte[] clientFrame(int opcode, byte[] payload) {
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80 | opcode);
        out.write(0x80 | payload.length);
        out.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i & 3]);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static final class Recorder implements WsFrameReader.Handler {
        final List<String> events = new ArrayList<>();

        @Override
        public void ping(byte[] payload) {
            events.add("ping " + new String(payload, StandardCharsets.UTF_8));
        }

        @Override
        public void pong() {
            events.add("pong");
        }

        @Override
        public void close(int code) {
            events.add("close " + code);
        }

        @Override
        public void data() {
            events.add("data");
        }

        @Override
        public void protocolError(String reason) {
            events.add("error " + reason);
        }
    }
}
