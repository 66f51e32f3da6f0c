package dev.tidings.api;

import java.util.Objects;

/** The root of every error Tidings reports. The message says what went wrong and how to fix it. */
public class TidingsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public TidingsException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public TidingsException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The stable code of this error. */
    public ErrorCode code() {
        return code;
    }
}
