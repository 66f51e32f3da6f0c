package dev.tidings.demo;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.EventSocket;
import dev.tidings.api.On;
import dev.tidings.api.Socket;
import dev.tidings.api.Sockets;
import dev.tidings.api.TidingsException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * The chat demo ({@code chat.html}): clients join a room with a name and talk in it. Runs with
 * {@code tidings.demo.enabled=true}.
 */
@ApplicationScoped
@EventSocket("/chat")
public class ChatSocket {
    private static final String NAME = "name";
    private static final String ROOM = "room";

    /** {@code {"room": "lobby", "name": "ada"}}. */
    public record Join(String room, String name) {
    }

    /** {@code {"text": "hello"}}. */
    public record Say(String text) {
    }

    @On("join")
    void join(Socket socket, Sockets all, Join join) {
        if (join.room() == null || !join.room().matches("[A-Za-z0-9._-]{1,32}")) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "room names are 1 to 32 of [A-Za-z0-9._-]");
        }
        String name = join.name() == null || join.name().isBlank() ? "guest-" + socket.id() : clip(join.name().strip(), 32);
        socket.rooms().forEach(previous -> {
            socket.leave(previous);
            all.to(previous).emit("left", Map.of(NAME, name, ROOM, previous));
        });
        socket.attributes().put(NAME, name);
        socket.attributes().put(ROOM, join.room());
        socket.join(join.room());
        all.to(join.room()).emit("joined", Map.of(NAME, name, ROOM, join.room()));
    }

    @On("message")
    void message(Socket socket, Sockets all, Say say) {
        Object room = socket.attributes().get(ROOM);
        if (room == null) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "join a room first: emit('join', {room, name})");
        }
        if (say.text() == null || say.text().isBlank()) {
            return;
        }
        all.to((String) room).emit("message", Map.of(NAME, socket.attributes().get(NAME), ROOM, room, "text", clip(say.text(), 2000)));
    }

    @On("close")
    void left(Socket socket, Sockets all) {
        Object room = socket.attributes().get(ROOM);
        if (room != null) {
            all.to((String) room).emit("left", Map.of(NAME, socket.attributes().get(NAME), ROOM, room));
        }
    }

    private static String clip(String text, int max) {
        return text.length() > max ? text.substring(0, max) : text;
    }
}
