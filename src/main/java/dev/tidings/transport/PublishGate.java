package dev.tidings.transport;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.TidingsException;
import dev.tidings.config.TidingsConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may publish from outside the application, over HTTP ({@code POST /api/channels/{name}}) or TCP
 * ({@code PUBLISH}): nobody unless {@code tidings.publish.http.enabled=true}; with
 * {@code tidings.publish.http.token} set, only callers presenting that token (HTTP:
 * {@code Authorization: Bearer <token>}, TCP: {@code AUTH <token>}), compared in constant time.
 */
public final class PublishGate {

    private PublishGate() {
    }

    /**
     * The HTTP check, from the {@code Authorization} header.
     *
     * @throws TidingsException {@link ErrorCode#PUBLISH_DISABLED} or {@link ErrorCode#UNAUTHORIZED}
     */
    public static void check(TidingsConfig config, Optional<String> authorization) {
        enabled(config, "HTTP publish is disabled; set tidings.publish.http.enabled=true to enable it");
        if (!matches(config, authorization.map(String::trim).map(h -> h.startsWith("Bearer ") ? h.substring(7) : null))) {
            throw new TidingsException(ErrorCode.UNAUTHORIZED,
                    "publishing needs the header 'Authorization: Bearer <tidings.publish.http.token>'");
        }
    }

    /**
     * The TCP check, from the token the connection presented with {@code AUTH}.
     *
     * @throws TidingsException {@link ErrorCode#PUBLISH_DISABLED} or {@link ErrorCode#UNAUTHORIZED}
     */
    public static void checkToken(TidingsConfig config, Optional<String> token) {
        enabled(config, "PUBLISH is disabled; set tidings.publish.http.enabled=true to enable it (HTTP and TCP)");
        if (!matches(config, token)) {
            throw new TidingsException(ErrorCode.UNAUTHORIZED, "publishing needs 'AUTH <tidings.publish.http.token>' first");
        }
    }

    /** Whether a presented token is accepted: any is when no token is configured. */
    public static boolean matches(TidingsConfig config, Optional<String> token) {
        if (config.publishToken().isEmpty()) {
            return true;
        }
        byte[] expected = config.publishToken().get().getBytes(StandardCharsets.UTF_8);
        byte[] actual = token.orElse("").getBytes(StandardCharsets.UTF_8);
        return token.isPresent() && MessageDigest.isEqual(expected, actual);
    }

    private static void enabled(TidingsConfig config, String message) {
        if (!config.httpPublish()) {
            throw new TidingsException(ErrorCode.PUBLISH_DISABLED, message);
        }
    }
}
