package dev.tidings.spi;

import dev.tidings.api.ErrorCode;

/**
 * Why the server ends a subscription. Transports map it: SSE ends the stream, WebSocket closes with
 * {@link #code()} and a reason text, TCP writes an {@code ERR} line.
 *
 * @param code the error code ({@link ErrorCode#SLOW_CONSUMER}, {@link ErrorCode#SHUTTING_DOWN}, ...)
 * @param text human-readable detail, at most 100 characters so it fits a WebSocket close frame
 */
public record CloseReason(ErrorCode code, String text) {

    public CloseReason {
        if (text.length() > 100) {
            text = text.substring(0, 100);
        }
    }

    public static CloseReason slowConsumer(int buffer) {
        return new CloseReason(ErrorCode.SLOW_CONSUMER, "outgoing buffer of " + buffer + " messages overflowed");
    }

    public static CloseReason shuttingDown() {
        return new CloseReason(ErrorCode.SHUTTING_DOWN, "server is shutting down; reconnect");
    }

    public static CloseReason sendFailed() {
        return new CloseReason(ErrorCode.INTERNAL, "write to client failed");
    }
}
