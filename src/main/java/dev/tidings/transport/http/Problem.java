package dev.tidings.transport.http;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.TidingsException;
import jakarta.json.Json;

/**
 * An error as an {@code application/problem+json} body (RFC 9457) carrying the stable Tidings code:
 * {@code {"type":"urn:tidings:problem:unknown-channel","title":"unknown-channel","status":404,"code":"unknown-channel","detail":"..."}}.
 */
public record Problem(ErrorCode code, String detail) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(TidingsException e) {
        return new Problem(e.code(), e.getMessage());
    }

    public int status() {
        return code.status();
    }

    public String json() {
        return Json.createObjectBuilder()
                .add("type", "urn:tidings:problem:" + code.code())
                .add("title", code.code())
                .add("status", code.status())
                .add("code", code.code())
                .add("detail", detail)
                .build()
                .toString();
    }
}
