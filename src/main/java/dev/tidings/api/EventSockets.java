package dev.tidings.api;

/**
 * The event sockets of this application, injectable anywhere ({@code @Inject EventSockets sockets;}), to
 * emit from outside a handler: {@code sockets.at("/chat").to("room-1").emit("notice", "maintenance at 6")}.
 */
public interface EventSockets {

    /**
     * The clients of the event socket declared at {@code path}.
     *
     * @throws TidingsException ({@link ErrorCode#BAD_REQUEST}) when no event socket is declared there
     */
    Sockets at(String path);
}
