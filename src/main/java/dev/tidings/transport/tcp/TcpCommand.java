package dev.tidings.transport.tcp;

import java.util.Optional;

/** A client line of the TCP protocol, parsed. The set is closed: these are all the commands there are. */
sealed interface TcpCommand {

    /** {@code SUBSCRIBE <channel> [last-id]}: messages of the channel from now, or after {@code last-id}. */
    record Subscribe(String channel, Optional<String> lastId) implements TcpCommand {
    }

    /** {@code UNSUBSCRIBE <channel>}. */
    record Unsubscribe(String channel) implements TcpCommand {
    }

    /** {@code PUBLISH <channel> <payload>}, the payload still escaped as on the wire. */
    record Publish(String channel, String escapedPayload) implements TcpCommand {
    }

    /** {@code AUTH <token>}: presents the publish token. */
    record Auth(String token) implements TcpCommand {
    }

    /** {@code PING}: answered with {@code PONG}. */
    record Ping() implements TcpCommand {
    }

    /** {@code QUIT}: answered with {@code OK}, then the server closes the connection. */
    record Quit() implements TcpCommand {
    }
}
