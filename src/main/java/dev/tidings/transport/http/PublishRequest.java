package dev.tidings.transport.http;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.TidingsException;
import dev.tidings.config.Names;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks an HTTP publish body: media type, size, UTF-8, JSON syntax and event name. Each check fails with a
 * precise {@link TidingsException}. Pure apart from reading the stream, so it is unit tested.
 */
public final class PublishRequest {
    /** Found once: {@code Json.create...} looks the JSON-P provider up again on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private PublishRequest() {
    }

    /**
     * @param contentType the request's Content-Type, if any
     * @param contentLength the declared length, or -1
     * @param body the body stream
     * @param event the {@code event} query parameter, if any
     * @param maxBytes the largest accepted body
     * @return the payload text
     */
    public static String payload(Optional<String> contentType, long contentLength, InputStream body,
                                 Optional<String> event, int maxBytes) {
        boolean json = mediaType(contentType);
        if (event.isPresent() && !Names.isEvent(event.get())) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "invalid event name; event names match " + Names.EVENT.pattern());
        }
        if (contentLength > maxBytes) {
            throw tooLarge(maxBytes);
        }
        byte[] bytes = read(body, maxBytes);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "body is not valid UTF-8");
        }
        if (json) {
            checkJson(text);
        }
        return text;
    }

    /** @return whether the body is JSON */
    private static boolean mediaType(Optional<String> contentType) {
        if (contentType.isEmpty()) {
            throw new TidingsException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "missing Content-Type; send text/plain or application/json");
        }
        String[] parts = contentType.get().split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].trim().split("=", 2);
            if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("charset")
                    && !kv[1].trim().replace("\"", "").equalsIgnoreCase("utf-8")) {
                throw new TidingsException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "charset " + kv[1].trim() + " not supported; send UTF-8");
            }
        }
        return switch (type) {
            case "text/plain" -> false;
            case "application/json" -> true;
            default -> throw new TidingsException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type " + type + " not supported; send text/plain or application/json");
        };
    }

    private static byte[] read(InputStream body, int maxBytes) {
        byte[] buffer = new byte[Math.min(maxBytes + 1, 8192)];
        int length = 0;
        try {
            for (;;) {
                if (length == buffer.length) {
                    if (length > maxBytes) {
                        throw tooLarge(maxBytes);
                    }
                    buffer = Arrays.copyOf(buffer, Math.min(maxBytes + 1, buffer.length * 2));
                }
                int n = body.read(buffer, length, buffer.length - length);
                if (n < 0) {
                    break;
                }
                length += n;
            }
        } catch (IOException e) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "could not read the request body: " + e.getMessage());
        }
        if (length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return Arrays.copyOf(buffer, length);
    }

    private static void checkJson(String text) {
        try (JsonParser parser = JSON.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw new TidingsException(ErrorCode.BAD_REQUEST, "body is empty; application/json needs a JSON value");
            }
            while (parser.hasNext()) {
                parser.next();
            }
        } catch (JsonParsingException e) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "body is not valid JSON: " + e.getMessage());
        } catch (jakarta.json.JsonException e) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "body is not valid JSON: " + e.getMessage());
        }
    }

    private static TidingsException tooLarge(int maxBytes) {
        return new TidingsException(ErrorCode.PAYLOAD_TOO_LARGE,
                "body larger than " + maxBytes + " bytes; raise tidings.publish.max-bytes to accept it");
    }
}
