package dev.tidings.transport.ws;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.TidingsException;
import dev.tidings.core.ChannelRegistry;
import dev.tidings.core.Subscription;
import dev.tidings.spi.CloseReason;
import dev.tidings.spi.Envelope;
import dev.tidings.spi.Subscriber;
import dev.tidings.transport.ServletOutput;
import dev.tidings.transport.SubscribeParams;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One channel WebSocket served by Tidings itself over the Servlet upgrade API (see {@link WsUpgradeFilter}):
 * each message is written as the frame built once for every subscriber ({@link WsFrames#FRAME}), through
 * the same non-blocking output as SSE; what the client sends is read without blocking and only ever a pong,
 * a ping or a close is expected. Same wire protocol, close codes and heartbeat as {@link WsChannelEndpoint}.
 */
public class ChannelSocket implements HttpUpgradeHandler, ReadListener, Subscriber, WsFrameReader.Handler {
    private static final Logger LOG = Logger.getLogger(ChannelSocket.class.getName());

    private final WsFrameReader reader = new WsFrameReader(this);
    private final AtomicBoolean ended = new AtomicBoolean();
    private ChannelRegistry registry;
    private String channel;
    private Optional<String> lastEventId;
    private Optional<String> replay;
    private PongWatch pongs;
    private WebConnection connection;
    private ServletInputStream in;
    private ServletOutput output;
    private volatile Subscription subscription;

    /** Made by the container ({@code HttpServletRequest#upgrade}); {@link #prepare} runs before {@link #init}. */
    public ChannelSocket() {
    }

    void prepare(ChannelRegistry registry, String channel, Optional<String> lastEventId, Optional<String> replay,
                 Duration heartbeat) {
        this.registry = registry;
        this.channel = channel;
        this.lastEventId = lastEventId;
        this.replay = replay;
        this.pongs = new PongWatch(heartbeat);
    }

    @Override
    public void init(WebConnection webConnection) {
        this.connection = webConnection;
        try {
            in = webConnection.getInputStream();
            output = new ServletOutput(webConnection.getOutputStream(), failure -> end());
            webConnection.getOutputStream().setWriteListener(output);
            in.setReadListener(this);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "WebSocket upgrade failed", e);
            end();
            return;
        }
        try {
            SubscribeParams.requireChannel(registry, channel);
            Subscription s = registry.subscribe(channel, SubscribeParams.parse(lastEventId, replay), this);
            subscription = s;
            if (ended.get()) {
                s.cancel(); // the client left while we were subscribing
            }
        } catch (TidingsException e) {
            close(new CloseReason(e.code(), e.getMessage()));
        }
    }

    @Override
    public void destroy() {
        end();
    }

    // ---- Subscriber: what the channel writes ---------------------------------------------------------------

    @Override
    public CompletionStage<Void> send(Envelope envelope) {
        return output.write(envelope.encoded(WsFrames.FRAME));
    }

    /** A ping when idle; a client that answered none of the last pings is taken for gone. */
    @Override
    public CompletionStage<Void> heartbeat() {
        IOException silent = pongs.silence();
        if (silent != null) {
            return CompletableFuture.failedFuture(silent);
        }
        return output.write(WsFrames.PING);
    }

    @Override
    public void flush() {
        output.flush();
    }

    @Override
    public void close(CloseReason reason) {
        output.finish(WsFrames.close(WsFrames.closeCode(reason), WsFrames.closeText(reason)), this::end);
    }

    // ---- ReadListener: what the client sends -----------------------------------------------------------------

    @Override
    public void onDataAvailable() throws IOException {
        byte[] buffer = new byte[256]; // clients send only small control frames: a buffer per read, not per socket
        while (in.isReady()) {
            int n = in.read(buffer);
            if (n < 0) {
                end();
                return;
            }
            reader.feed(buffer, 0, n);
        }
    }

    @Override
    public void onAllDataRead() {
        end();
    }

    @Override
    public void onError(Throwable t) {
        LOG.fine(() -> "WebSocket read failed: " + t);
        end();
    }

    // ---- WsFrameReader.Handler -------------------------------------------------------------------------------

    @Override
    public void ping(byte[] payload) {
        output.writeUrgent(WsFrames.frame(WsFrames.OP_PONG, payload));
    }

    @Override
    public void pong() {
        pongs.pong();
    }

    @Override
    public void close(int code) {
        boolean echo = code >= 1000 && code < 5000 && code != 1005 && code != 1006 && code != 1015;
        output.finish(WsFrames.close(echo ? code : WsFrames.NORMAL, ""), this::end);
    }

    @Override
    public void data() {
        close(WsFrames.RECEIVE_ONLY);
    }

    @Override
    public void protocolError(String reason) {
        output.finish(WsFrames.close(WsFrames.PROTOCOL_ERROR, ErrorCode.BAD_REQUEST.code() + ": " + reason), this::end);
    }

    /** Ends the connection once, whoever notices first: forgets the subscription and closes the socket. */
    private void end() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        if (output != null) {
            output.kill();
        }
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (Exception e) {
            LOG.log(Level.FINEST, "WebSocket already closed", e);
        }
    }

    @Override
    public String toString() {
        return "ChannelSocket[" + channel + ", " + output + ", ended=" + ended.get() + "]";
    }
}
