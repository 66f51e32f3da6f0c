package dev.tidings.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.EventSocket;
import dev.tidings.api.On;
import dev.tidings.api.Socket;
import dev.tidings.api.Sockets;
import dev.tidings.api.TidingsException;
import jakarta.json.JsonObject;
import jakarta.json.bind.JsonbBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventSocketAppTest {

    public record Line(String room, String text) {
    }

    @EventSocket("/chat")
    static class Chat {
        final List<String> calls = new ArrayList<>();

        @On("open")
        void opened(Socket socket, Sockets all) {
            calls.add("open " + socket.id());
            all.except(socket).emit("joined", Map.of("id", socket.id()));
        }

        @On("close")
        void closed(Socket socket) {
            calls.add("close " + socket.id());
        }

        @On("join")
        void join(Socket socket, String room) {
            socket.join(room);
        }

        @On("say")
        void say(Sockets all, Line line) {
            all.to(line.room()).emit("said", line);
        }

        @On("echo")
        void echo(Socket socket, JsonObject data) {
            socket.emit("echo", data);
        }

        @On("text")
        void text(Socket socket, String message) {
            socket.emit("text", message.toUpperCase());
        }

        @On("fail")
        void fail(Socket socket) {
            throw new IllegalStateException("boom");
        }

        @On("refuse")
        void refuse(Socket socket) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "you may not do that");
        }
    }

    private final Chat chat = new Chat();
    private final EventSocketApp app = app(chat, 8);

    private static EventSocketApp app(Object target, int buffer) {
        List<String> problems = new ArrayList<>();
        EventSocketModel model = EventSocketModel.of(target.getClass(), problems);
        assertEquals(List.of(), problems);
        return new EventSocketApp(model, target, JsonbBuilder.create(), Runnable::run, buffer);
    }

    private ClientSocket open(Recording recording) {
        return app.open(recording, Optional.empty());
    }

    @Test
    void openAndCloseAreEventsAndOthersHearOfTheNewcomer() {
        Recording first = new Recording();
        ClientSocket a = open(first);
        ClientSocket b = open(new Recording());

        assertEquals(List.of("open " + a.id(), "open " + b.id()), chat.calls);
        assertEquals("{\"event\":\"joined\",\"data\":{\"id\":\"" + b.id() + "\"}}", first.frames.get(0));
        app.closed(b);
        assertEquals("close " + b.id(), chat.calls.get(2));
        assertEquals(1, app.sockets().count());
    }

    @Test
    void dataIsDecodedForTheHandlerAndRoomsNarrowTheBroadcast() {
        Recording inRoom = new Recording();
        Recording outside = new Recording();
        ClientSocket a = open(inRoom);
        open(outside);
        app.message(a, "{\"event\":\"join\",\"data\":{\"message\":\"room-1\"}}");
        assertEquals(java.util.Set.of("room-1"), a.rooms());
        inRoom.clear();
        outside.clear();

        app.message(a, "{\"event\":\"say\",\"data\":{\"room\":\"room-1\",\"text\":\"hi\"}}");

        assertEquals(List.of("{\"event\":\"said\",\"data\":{\"room\":\"room-1\",\"text\":\"hi\"}}"), inRoom.frames);
        assertEquals(List.of(), outside.frames);
    }

    @Test
    void jsonObjectAndStringParametersGetTheData() {
        Recording r = new Recording();
        ClientSocket a = open(r);
        app.message(a, "{\"event\":\"echo\",\"data\":{\"x\":[1,2]}}");
        app.message(a, "{\"event\":\"text\",\"data\":{\"message\":\"quiet\"}}");
        assertEquals(List.of("{\"event\":\"echo\",\"data\":{\"x\":[1,2]}}", "{\"event\":\"text\",\"data\":{\"message\":\"QUIET\"}}"),
                r.frames);
    }

    @Test
    void clientMistakesGetWarningsAndTheSocketGoesOn() {
        Recording r = new Recording();
        ClientSocket a = open(r);
        app.message(a, "not json");
        app.message(a, "[1,2]");
        app.message(a, "{\"data\":{}}");
        app.message(a, "{\"event\":\"nope\"}");
        app.message(a, "{\"event\":\"bad name!\"}");
        app.message(a, "{\"event\":\"open\"}");
        app.message(a, "{\"event\":\"echo\",\"data\":[1]}");
        app.message(a, "{\"event\":\"say\",\"data\":{\"room\":[]}}");

        List<String> warnings = r.json().stream().map(o -> {
            assertEquals("warning", o.getString("event"));
            return o.getJsonObject("data").getString("message");
        }).toList();
        assertEquals("invalid JSON; send {\"event\": \"name\", \"data\": {...}}", warnings.get(0));
        assertEquals("a frame is a JSON object; send {\"event\": \"name\", \"data\": {...}}", warnings.get(1));
        assertEquals("missing event; send {\"event\": \"name\", \"data\": {...}}", warnings.get(2));
        assertEquals("unknown event 'nope'; /chat handles: echo, fail, join, refuse, say, text", warnings.get(3));
        assertEquals("invalid event name; event names match [A-Za-z0-9._:-]{1,64}", warnings.get(4));
        assertEquals("'open' is fired by the server when a client connects or leaves; it cannot be sent", warnings.get(5));
        assertEquals("invalid data for event 'echo': data must be a JSON object", warnings.get(6));
        assertTrue(warnings.get(7).startsWith("invalid data for event 'say': data does not fit "), warnings.get(7));
        assertEquals(8, warnings.size());
        assertTrue(a.isOpen());
    }

    @Test
    void aHandlerThatThrowsSendsAWarningAndATidingsExceptionItsMessage() {
        Recording r = new Recording();
        ClientSocket a = open(r);
        app.message(a, "{\"event\":\"fail\"}");
        app.message(a, "{\"event\":\"refuse\"}");
        assertEquals("{\"event\":\"warning\",\"data\":{\"message\":\"event 'fail' failed on the server\"}}", r.frames.get(0));
        assertEquals("{\"event\":\"warning\",\"data\":{\"message\":\"you may not do that\"}}", r.frames.get(1));
        assertTrue(a.isOpen());
    }

    @Test
    void aBroadcastReachesEveryoneEvenWhenOneClientIsClosedOrStalled() {
        Recording first = new Recording();
        Recording stalled = new Recording().stall();
        Recording last = new Recording();
        open(first);
        ClientSocket gone = open(new Recording());
        open(stalled);
        open(last);
        gone.end(1000, "bye");
        first.clear();
        last.clear();

        for (int i = 0; i < 20; i++) {
            app.sockets().emit("tick", i);
        }

        assertEquals(20, first.frames.size());
        assertEquals(20, last.frames.size());
        assertEquals("{\"event\":\"tick\",\"data\":{\"message\":19}}", last.frames.get(19));
    }

    @Test
    void aClientThatStopsReadingIsClosedAsSlowConsumerAfterItsBuffer() {
        Recording stalled = new Recording().stall();
        ClientSocket s = open(stalled);
        for (int i = 0; i < 8; i++) {
            s.emit("n", i);
        }
        assertTrue(s.isOpen(), "one in flight and 7 queued fit a buffer of 8");
        s.emit("n", 8);
        s.emit("n", 9);
        assertFalse(s.isOpen());
        assertEquals(List.of("1008 slow-consumer: outgoing queue of 8 events overflowed"), stalled.closes);
        assertEquals(0, app.sockets().count(), "a closed client is forgotten");
    }

    @Test
    void emitEncodesStringsNumbersNullAndObjects() {
        Recording r = new Recording();
        ClientSocket s = open(r);
        s.emit("a", "text");
        s.emit("b", null);
        s.emit("c", true);
        s.emit("d", 2.5);
        s.emit("e", Map.of("k", List.of(1)));
        assertEquals(List.of("{\"event\":\"a\",\"data\":{\"message\":\"text\"}}", "{\"event\":\"b\",\"data\":{}}",
                "{\"event\":\"c\",\"data\":{\"message\":true}}", "{\"event\":\"d\",\"data\":{\"message\":2.5}}",
                "{\"event\":\"e\",\"data\":{\"k\":[1]}}"), r.frames);
    }

    @Test
    void leavingARoomAndClosingEmptyIt() {
        ClientSocket a = open(new Recording());
        ClientSocket b = open(new Recording());
        a.join("r");
        b.join("r");
        assertEquals(2, app.sockets().to("r").count());
        a.leave("r");
        assertEquals(1, app.sockets().to("r").count());
        app.closed(b);
        assertEquals(0, app.sockets().to("r").count());
        assertEquals(0, app.room("r").size());
    }

    @Test
    void heartbeatsPingAndAClientSilentForThreeIsClosed() {
        long second = 1_000_000_000L;
        long start = System.nanoTime();
        Recording quiet = new Recording();
        Recording talking = new Recording();
        open(quiet);
        ClientSocket t = open(talking);
        app.heartbeat(start + second, second);
        assertEquals(1, quiet.pings);
        assertEquals(1, talking.pings);
        t.seen(start + 2 * second); // it answered a ping (or sent an event) later on
        app.heartbeat(start + 4 * second, second);
        assertEquals(List.of("1001 no answer to 3 pings; reconnect"), quiet.closes);
        assertEquals(List.of(), talking.closes);
        assertEquals(2, talking.pings);
        assertEquals(1, app.sockets().count());
    }

    @Test
    void noPingGoesOutWhileAFrameIsInFlight() {
        Recording stalled = new Recording().stall();
        ClientSocket s = open(stalled);
        s.emit("busy", 1); // in flight, never completes
        app.heartbeat(System.nanoTime(), 1_000_000_000L);
        assertEquals(0, stalled.pings, "one write at a time: the ping waits");
    }

    @Test
    void anEventFromTheClientCountsAsAnAnswer() {
        Recording r = new Recording();
        ClientSocket s = open(r);
        s.seen(0);
        app.message(s, "{\"event\":\"echo\",\"data\":{}}");
        app.heartbeat(System.nanoTime() + 2_000_000_000L, 1_000_000_000L);
        assertEquals(List.of(), r.closes);
        assertEquals(1, r.pings);
    }

    @Test
    void shutdownClosesEveryClientWithGoingAway() {
        Recording r = new Recording();
        open(r);
        app.shutdown();
        assertEquals(List.of("1001 shutting-down: server is shutting down; reconnect"), r.closes);
    }
}
