package dev.tidings.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tidings.api.EventSocket;
import dev.tidings.api.On;
import dev.tidings.api.Socket;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventSocketModelTest {

    @EventSocket("/twice")
    static class Twice {
        @On("message")
        void first(Socket s) {
        }

        @On("message")
        void second(Socket s) {
        }
    }

    @EventSocket("channels/x")
    static class BadPath {
        @On("bad name")
        void handler() {
        }

        @On("warning")
        void warns() {
        }

        @On("two")
        void two(JsonObject a, String b) {
        }

        @On("private")
        private void hidden() {
        }
    }

    @EventSocket("/channels/mine")
    static class Reserved {
    }

    @EventSocket("/twice")
    static class SamePath {
    }

    private static List<String> problems(Class<?> c) {
        List<String> problems = new ArrayList<>();
        EventSocketModel.of(c, problems);
        return problems;
    }

    @Test
    void anEventBoundTwiceFailsInsteadOfOverwriting() {
        List<String> problems = problems(Twice.class);
        assertEquals(1, problems.size());
        assertEquals(true, problems.get(0).matches(".*Twice\\.(first|second): event 'message' is already handled by .*Twice\\.(first|second); bind each event once"),
                problems.get(0));
    }

    @Test
    void everyProblemOfAClassIsNamed() {
        List<String> problems = problems(BadPath.class);
        String c = BadPath.class.getName();
        assertEquals(java.util.stream.Stream.of(
                "@EventSocket(\"channels/x\") on " + c + ": the path starts with / and has segments of [A-Za-z0-9._~-], e.g. /chat",
                c + ".handler: @On(\"bad name\") is not an event name; event names match [A-Za-z0-9._:-]{1,64}",
                c + ".hidden: an @On method must not be static or private",
                c + ".two: at most one parameter takes the event's data (the others are Socket and Sockets)",
                c + ".warns: 'warning' is the event Tidings sends to report a client's mistakes; choose another name").sorted().toList(),
                problems.stream().sorted().toList());
    }

    @Test
    void theChannelsPathIsReserved() {
        assertEquals(List.of("@EventSocket(\"/channels/mine\") on " + Reserved.class.getName()
                + ": /ws/channels/ is where channels are subscribed; choose another path"), problems(Reserved.class));
    }

    @Test
    void twoSocketsOnOnePathAreReported() {
        List<String> problems = new ArrayList<>();
        EventSocketModel a = EventSocketModel.of(SamePath.class, problems);
        EventSocketModel b = new EventSocketModel("/twice", Twice.class, java.util.Map.of());
        assertEquals(List.of("@EventSocket(\"/twice\") is declared by both " + SamePath.class.getName() + " and " + Twice.class.getName()),
                EventSocketModel.duplicatePaths(List.of(a, b)));
    }
}
