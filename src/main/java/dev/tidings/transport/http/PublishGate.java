package dev.tidings.transport.http;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.TidingsException;
import dev.tidings.config.TidingsConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may publish over HTTP: nobody unless {@code tidings.publish.http.enabled=true}; with
 * {@code tidings.publish.http.token} set, only callers sending {@code Authorization: Bearer <token>}
 * (compared in constant time).
 */
public final class PublishGate {

    private PublishGate() {
    }

    /** @throws TidingsException {@link ErrorCode#PUBLISH_DISABLED} or {@link ErrorCode#UNAUTHORIZED} */
    public static void check(TidingsConfig config, Optional<String> authorization) {
        if (!config.httpPublish()) {
            throw new TidingsException(ErrorCode.PUBLISH_DISABLED,
                    "HTTP publish is disabled; set tidings.publish.http.enabled=true to enable it");
        }
        if (config.publishToken().isEmpty()) {
            return;
        }
        byte[] expected = ("Bearer " + config.publishToken().get()).getBytes(StandardCharsets.UTF_8);
        byte[] actual = authorization.map(String::trim).orElse("").getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new TidingsException(ErrorCode.UNAUTHORIZED,
                    "publishing needs the header 'Authorization: Bearer <tidings.publish.http.token>'");
        }
    }
}
