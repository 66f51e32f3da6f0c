package dev.tidings.events;

import dev.tidings.api.Socket;
import dev.tidings.api.Sockets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** A live view of some clients of one event socket: all of them, a room, or a filtered set. */
final class SocketGroup implements Sockets {
    private final EventSocketApp app;
    private final Supplier<Collection<ClientSocket>> members;
    private final Predicate<Socket> filter;

    SocketGroup(EventSocketApp app, Supplier<Collection<ClientSocket>> members, Predicate<Socket> filter) {
        this.app = app;
        this.members = members;
        this.filter = filter;
    }

    @Override
    public int emit(String event, Object data) {
        return send(app.frames().frame(event, data));
    }

    /** Sends an encoded frame to every member; returns how many took it. */
    int send(String frame) {
        int sent = 0;
        for (ClientSocket socket : members.get()) {
            if (filter.test(socket) && socket.send(frame)) { // a closed or overflowing client is skipped, never fatal
                sent++;
            }
        }
        return sent;
    }

    EventSocketApp app() {
        return app;
    }

    /** Whether the socket is in this set now. */
    boolean includes(ClientSocket socket) {
        return members.get().contains(socket) && filter.test(socket);
    }

    @Override
    public Sockets to(String room) {
        return new SocketGroup(app, () -> app.room(room), filter);
    }

    @Override
    public Sockets filter(Predicate<Socket> predicate) {
        return new SocketGroup(app, members, filter.and(predicate));
    }

    @Override
    public Sockets except(Socket socket) {
        return filter(s -> s != socket);
    }

    @Override
    public List<Socket> list() {
        List<Socket> list = new ArrayList<>();
        for (ClientSocket socket : members.get()) {
            if (socket.isOpen() && filter.test(socket)) {
                list.add(socket);
            }
        }
        return list;
    }
}
