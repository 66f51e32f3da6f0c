package dev.tidings.api;

/**
 * Stable error codes. Each transport maps them the same way: an HTTP problem body with the status and
 * {@code code}, a WebSocket close reason starting with the code, an {@code ERR <code>} line.
 */
public enum ErrorCode {
    BAD_REQUEST("bad-request", 400),
    UNAUTHORIZED("unauthorized", 401),
    PUBLISH_DISABLED("publish-disabled", 403),
    FORBIDDEN_ORIGIN("forbidden-origin", 403),
    UNKNOWN_CHANNEL("unknown-channel", 404),
    NOT_ACCEPTABLE("not-acceptable", 406),
    PAYLOAD_TOO_LARGE("payload-too-large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415),
    SLOW_CONSUMER("slow-consumer", 503),
    SHUTTING_DOWN("shutting-down", 503),
    BROKER_UNAVAILABLE("broker-unavailable", 503),
    INVALID_CONFIG("invalid-config", 500),
    INTERNAL("internal", 500);

    private final String code;
    private final int status;

    ErrorCode(String code, int status) {
        this.code = code;
        this.status = status;
    }

    /** The stable, lower-case dashed code, e.g. {@code unknown-channel}. */
    public String code() {
        return code;
    }

    /** The HTTP status this error maps to. */
    public int status() {
        return status;
    }
}
