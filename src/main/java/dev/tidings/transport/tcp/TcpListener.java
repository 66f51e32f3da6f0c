package dev.tidings.transport.tcp;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.TidingsException;
import dev.tidings.config.TcpSettings;
import dev.tidings.core.ChannelRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The TCP listener ({@code tidings.tcp.enabled=true}): opened when the application starts, closed when it
 * stops, so a redeploy can bind the port again. Accepts and serves clients with asynchronous channels on a
 * small group of container-managed threads (one per core): no thread per client, no thread waits for one.
 */
@ApplicationScoped
public class TcpListener {
    private static final Logger LOG = Logger.getLogger(TcpListener.class.getName());
    /** How long stopping waits for the {@code ERR shutting-down} lines to leave. */
    private static final long SHUTDOWN_GRACE_MILLIS = 500;

    @Inject
    ChannelRegistry registry;
    @Resource
    ManagedThreadFactory threadFactory;

    private AsynchronousChannelGroup group;
    private AsynchronousServerSocketChannel server;
    private final Map<TcpConnection, TcpSession> sessions = new ConcurrentHashMap<>();

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        TcpSettings tcp = registry.config().tcp();
        if (!tcp.enabled()) {
            return;
        }
        InetSocketAddress address = new InetSocketAddress(tcp.host(), tcp.port());
        try {
            group = AsynchronousChannelGroup.withFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), threadFactory);
            server = AsynchronousServerSocketChannel.open(group);
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, 1024);
        } catch (IOException | RuntimeException e) {
            stop();
            throw new TidingsException(ErrorCode.INVALID_CONFIG, "cannot listen for TCP clients on " + tcp.host() + ":" + tcp.port()
                    + " (" + e + "); set tidings.tcp.port to a free port, or tidings.tcp.enabled=false", e);
        }
        server.accept(null, new Acceptor());
        LOG.info(() -> "Tidings TCP listener on " + tcp.host() + ":" + tcp.port());
    }

    /** Ends every connection with {@code ERR shutting-down} and releases the port. */
    @PreDestroy
    void stop() {
        if (group == null) {
            return;
        }
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing the TCP listener failed", e);
        }
        sessions.values().forEach(TcpSession::shutdown);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_GRACE_MILLIS);
        try {
            while (!sessions.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10); // the last lines are being written; bounded by the grace
            }
            group.shutdownNow();
            group.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.log(Level.FINE, "stopping the TCP channel group failed", e);
        }
        group = null;
        LOG.info("Tidings TCP listener closed");
    }

    private final class Acceptor implements CompletionHandler<AsynchronousSocketChannel, Void> {
        @Override
        public void completed(AsynchronousSocketChannel client, Void ignored) {
            server.accept(null, this);
            try {
                client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                client.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
                keepAliveProbes(client);
            } catch (IOException e) {
                LOG.log(Level.FINE, "configuring a TCP client failed", e);
            }
            TcpConnection connection = new TcpConnection(client, registry.config().tcp().writeTimeout());
            TcpSession session = new TcpSession(registry, connection);
            sessions.put(connection, session);
            session.start(() -> sessions.remove(connection));
        }

        @Override
        public void failed(Throwable failure, Void ignored) {
            if (failure instanceof AsynchronousCloseException || !server.isOpen()) {
                return; // stopping
            }
            LOG.log(Level.WARNING, "accepting a TCP client failed; still listening", failure);
            server.accept(null, this);
        }
    }

    /**
     * A peer that vanished without closing (network gone) is noticed by TCP keep-alive after about 90 s of
     * silence rather than the system default of 2 hours, where the JDK supports setting it.
     */
    private static void keepAliveProbes(AsynchronousSocketChannel client) {
        set(client, "TCP_KEEPIDLE", 60);
        set(client, "TCP_KEEPINTERVAL", 10);
        set(client, "TCP_KEEPCOUNT", 3);
    }

    @SuppressWarnings("unchecked")
    private static void set(AsynchronousSocketChannel client, String option, int value) {
        try {
            Object o = Class.forName("jdk.net.ExtendedSocketOptions").getField(option).get(null);
            if (client.supportedOptions().contains(o)) {
                client.setOption((SocketOption<Integer>) o, value);
            }
        } catch (ReflectiveOperationException | IOException | RuntimeException e) {
            // not supported here: the system's keep-alive timing applies
        }
    }
}
