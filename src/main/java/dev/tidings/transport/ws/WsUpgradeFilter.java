package dev.tidings.transport.ws;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.TidingsException;
import dev.tidings.core.ChannelRegistry;
import dev.tidings.transport.http.Problem;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Accepts WebSocket upgrades of {@code /ws/channels/{name}} itself (RFC 6455 handshake, then a
 * {@link ChannelSocket}), in front of the platform's WebSocket container, which still serves the event
 * sockets.
 *
 * <p>Why: on Payara (Tyrus), every message sent through the WebSocket API re-arms the session's idle timer by
 * scheduling a managed task, whose context capture scans the class path; in the benchmark that was three
 * quarters of the server's CPU and capped fan-out at about 11,000 deliveries/s. Writing the frames directly,
 * encoded once per message, brings WebSocket to SSE's speed (docs/benchmarks.md). On OpenLiberty, whose
 * servlet output blocks once its buffer fills (see the SSE filter), this filter steps aside and
 * {@link WsChannelEndpoint} serves the same URL through the platform API.
 */
@WebFilter(filterName = "tidings-ws", urlPatterns = "/ws/channels/*")
public class WsUpgradeFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final String PREFIX = "/ws/channels/";
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    @Inject
    transient ChannelRegistry registry;
    private transient boolean enabled;

    @Override
    public void init() {
        enabled = !getServletContext().getServerInfo().contains("Liberty");
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!enabled || !"GET".equals(request.getMethod()) || !"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))
                || !path.startsWith(PREFIX) || path.indexOf('/', PREFIX.length()) >= 0 || path.length() == PREFIX.length()) {
            chain.doFilter(request, response);
            return;
        }
        try {
            String accept = handshake(request);
            response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
            response.setHeader("Upgrade", "websocket");
            response.setHeader("Connection", "Upgrade");
            response.setHeader("Sec-WebSocket-Accept", accept);
            ChannelSocket socket = request.upgrade(ChannelSocket.class);
            socket.prepare(registry, path.substring(PREFIX.length()), Optional.ofNullable(request.getParameter("lastEventId")),
                    Optional.ofNullable(request.getParameter("replay")), registry.config().heartbeat());
        } catch (TidingsException e) {
            if ("13".equals(request.getHeader("Sec-WebSocket-Version"))) {
                response.setHeader("Sec-WebSocket-Version", "13");
            }
            Problem problem = Problem.of(e);
            response.setStatus(problem.status());
            response.setContentType(Problem.MEDIA_TYPE);
            response.getOutputStream().write(problem.json().getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Checks the opening handshake (RFC 6455 section 4.2.1) and returns the {@code Sec-WebSocket-Accept} value.
     *
     * @throws TidingsException ({@link ErrorCode#BAD_REQUEST}) naming what is wrong
     */
    static String handshake(HttpServletRequest request) {
        String connection = request.getHeader("Connection");
        if (connection == null || !connection.toLowerCase(Locale.ROOT).contains("upgrade")) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "a WebSocket handshake needs 'Connection: Upgrade'");
        }
        if (!"13".equals(request.getHeader("Sec-WebSocket-Version"))) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "unsupported Sec-WebSocket-Version "
                    + request.getHeader("Sec-WebSocket-Version") + "; this server speaks 13");
        }
        return accept(request.getHeader("Sec-WebSocket-Key"));
    }

    /** The accept value for a client's key, which must be 16 bytes in base64. */
    static String accept(String key) {
        byte[] nonce;
        try {
            nonce = key == null ? null : Base64.getDecoder().decode(key.trim());
        } catch (IllegalArgumentException e) {
            nonce = null;
        }
        if (nonce == null || nonce.length != 16) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "Sec-WebSocket-Key must be 16 bytes in base64");
        }
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key.trim() + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-1 in this JVM", e);
        }
    }
}
