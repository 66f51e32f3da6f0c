package dev.tidings.transport.tcp;

import dev.tidings.spi.CloseReason;
import dev.tidings.spi.Envelope;
import dev.tidings.spi.Subscriber;
import java.util.concurrent.CompletionStage;

/**
 * One channel subscription of a TCP connection. The connection's socket is shared by all its channels, so a
 * send only queues the frame on the connection and completes when the socket took it: a client that stops
 * reading fills this subscription's buffer, and the channel's overflow policy acts.
 */
final class TcpSubscriber implements Subscriber {
    private final TcpSession session;
    private final TcpConnection connection;
    private final String channel;

    TcpSubscriber(TcpSession session, TcpConnection connection, String channel) {
        this.session = session;
        this.connection = connection;
        this.channel = channel;
    }

    @Override
    public CompletionStage<Void> send(Envelope envelope) {
        return connection.write(envelope.encoded(TcpLines.ENCODER));
    }

    /** The server ends the subscription (slow consumer, shutdown): the connection says why and closes. */
    @Override
    public void close(CloseReason reason) {
        session.ended(channel, reason);
    }

    @Override
    public String toString() {
        return "TcpSubscriber[" + channel + ", " + connection + "]";
    }
}
