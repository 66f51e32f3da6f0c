package dev.tidings.transport.tcp;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.TidingsException;
import dev.tidings.api.UnknownChannelException;
import dev.tidings.config.Names;
import dev.tidings.config.TidingsConfig;
import dev.tidings.core.ChannelRegistry;
import dev.tidings.core.Subscription;
import dev.tidings.spi.CloseReason;
import dev.tidings.spi.SubscribeRequest;
import dev.tidings.transport.PublishGate;
import dev.tidings.transport.SubscribeParams;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The protocol state of one TCP connection: its channel subscriptions and whether it presented the publish
 * token. Runs each command line as it is read, in order, and answers it with one line ({@code OK},
 * {@code PONG} or {@code ERR}). A bad command gets an {@code ERR} and the connection goes on; only an
 * over-long line, a slow consumer or a shutdown ends it.
 */
final class TcpSession implements LineReader.Sink {
    private static final Logger LOG = Logger.getLogger(TcpSession.class.getName());
    /** Channels one connection may subscribe to. */
    static final int MAX_SUBSCRIPTIONS = 256;

    private final ChannelRegistry registry;
    private final TidingsConfig config;
    private final TcpConnection connection;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private Optional<String> token = Optional.empty();

    TcpSession(ChannelRegistry registry, TcpConnection connection) {
        this.registry = registry;
        this.config = registry.config();
        this.connection = connection;
    }

    /** Starts reading commands; {@code onClose} runs once when the connection has closed. */
    void start(Runnable onClose) {
        connection.start(new LineReader(config.tcp().maxLine()), this, this::lineTooLong, () -> {
            closed();
            onClose.run();
        });
    }

    @Override
    public boolean line(byte[] line) {
        if (line.length == 0) {
            return true; // an empty line (a stray Enter in a hand-typed session) asks nothing
        }
        try {
            return run(TcpLines.parse(line));
        } catch (TidingsException e) {
            connection.reply(TcpLines.error(e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "TCP command failed", e);
            connection.reply(TcpLines.error(ErrorCode.INTERNAL, "the command failed on the server; see its log"));
        }
        return true;
    }

    /** The server ended one of this connection's subscriptions: say why, and close the connection. */
    void ended(String channel, CloseReason reason) {
        subscriptions.remove(channel);
        connection.endWith(TcpLines.error(reason.code(), channel + ": " + reason.text()));
    }

    /** Ends the connection because the server stops. */
    void shutdown() {
        connection.endWith(TcpLines.error(ErrorCode.SHUTTING_DOWN, "server is shutting down; reconnect"));
    }

    private boolean run(TcpCommand command) {
        if (command instanceof TcpCommand.Subscribe s) {
            subscribe(s.channel(), s.lastId());
        } else if (command instanceof TcpCommand.Unsubscribe u) {
            Subscription subscription = subscriptions.remove(declared(u.channel()));
            if (subscription == null) {
                throw new TidingsException(ErrorCode.BAD_REQUEST, "not subscribed to " + u.channel());
            }
            subscription.cancel();
            connection.reply(TcpLines.OK);
        } else if (command instanceof TcpCommand.Publish p) {
            publish(p.channel(), p.escapedPayload());
        } else if (command instanceof TcpCommand.Auth a) {
            if (!PublishGate.matches(config, Optional.of(a.token()))) {
                throw new TidingsException(ErrorCode.UNAUTHORIZED, "wrong token; send AUTH <tidings.publish.http.token>");
            }
            token = Optional.of(a.token());
            connection.reply(TcpLines.OK);
        } else if (command instanceof TcpCommand.Ping) {
            connection.reply(TcpLines.PONG);
        } else if (command instanceof TcpCommand.Quit) {
            connection.endWith(TcpLines.OK);
            return false;
        }
        return true;
    }

    private void subscribe(String name, Optional<String> lastId) {
        String channel = declared(name);
        if (subscriptions.containsKey(channel)) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "already subscribed to " + channel + "; UNSUBSCRIBE it first");
        }
        if (subscriptions.size() >= MAX_SUBSCRIPTIONS) {
            throw new TidingsException(ErrorCode.BAD_REQUEST,
                    "a connection subscribes to at most " + MAX_SUBSCRIPTIONS + " channels; open another connection");
        }
        SubscribeRequest request = SubscribeParams.parse(lastId, Optional.empty());
        registry.check(channel, request);
        // OK goes out before the subscription's first message: the backlog is written as soon as it exists.
        connection.reply(TcpLines.OK);
        Subscription subscription = registry.subscribe(channel, request, new TcpSubscriber(this, connection, channel));
        subscriptions.put(channel, subscription);
        if (connection.isClosed()) {
            closed(); // the connection went away while subscribing
        }
    }

    private void publish(String name, String escapedPayload) {
        PublishGate.checkToken(config, token);
        String channel = declared(name);
        String payload = TcpLines.unescape(escapedPayload);
        int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > config.maxPublishBytes()) {
            throw new TidingsException(ErrorCode.PAYLOAD_TOO_LARGE, "payload of " + bytes + " bytes is over tidings.publish.max-bytes ("
                    + config.maxPublishBytes() + ")");
        }
        connection.reply(TcpLines.ok(registry.publish(channel, Optional.empty(), payload)));
    }

    private String declared(String channel) {
        if (!Names.isChannel(channel)) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "invalid channel name; names match " + Names.CHANNEL.pattern());
        }
        if (!registry.exists(channel)) {
            throw new UnknownChannelException(channel);
        }
        return channel;
    }

    private void lineTooLong() {
        connection.endWith(TcpLines.error(ErrorCode.PAYLOAD_TOO_LARGE, "line longer than " + config.tcp().maxLine()
                + " bytes (tidings.tcp.max-line); closing the connection"));
    }

    /** The connection closed: forget every subscription. */
    private void closed() {
        subscriptions.values().forEach(Subscription::cancel);
        subscriptions.clear();
    }
}
