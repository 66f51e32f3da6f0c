package dev.tidings.events;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.TidingsException;
import dev.tidings.config.Names;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import java.io.StringReader;
import java.util.Map;

/**
 * The event socket wire format, both ways: {@code {"event": "name", "data": {...}}}. Data is always a JSON
 * object on the wire: a string (or number, boolean) {@code x} travels as {@code {"message": x}}.
 */
final class EventFrames {
    static final String WARNING = "warning";
    /** Found once: {@code Json.create...} looks the JSON-P provider up again on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private final Jsonb jsonb;

    EventFrames(Jsonb jsonb) {
        this.jsonb = jsonb;
    }

    /** A parsed client frame. */
    record Incoming(String event, JsonValue data) {
    }

    /** The frame of an event, encoded once however many clients receive it. */
    String frame(String event, Object data) {
        if (!Names.isEvent(event)) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "invalid event name '" + event + "'; event names match " + Names.EVENT.pattern());
        }
        return JSON.createObjectBuilder().add("event", event).add("data", data(data)).build().toString();
    }

    /** {@code {"event": "warning", "data": {"message": ...}}}: what a client did wrong. */
    static String warning(String message) {
        return JSON.createObjectBuilder().add("event", WARNING)
                .add("data", JSON.createObjectBuilder().add("message", message)).build().toString();
    }

    /** The data of an event as the JSON value that goes on the wire. */
    JsonValue data(Object data) {
        if (data == null) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (data instanceof JsonString s) {
            return message(s);
        }
        if (data instanceof JsonValue v) {
            return v.getValueType() == JsonValue.ValueType.OBJECT || v.getValueType() == JsonValue.ValueType.ARRAY ? v : message(v);
        }
        if (data instanceof CharSequence s) {
            return message(JSON.createValue(s.toString()));
        }
        if (data instanceof Boolean b) {
            return message(b ? JsonValue.TRUE : JsonValue.FALSE);
        }
        if (data instanceof Number n) {
            return message(number(n));
        }
        String json;
        try {
            json = jsonb.toJson(data);
        } catch (RuntimeException e) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "cannot encode " + data.getClass().getName() + " with JSON-B: " + e.getMessage(), e);
        }
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    /**
     * Parses a client frame.
     *
     * @throws TidingsException ({@link ErrorCode#BAD_REQUEST}) with the text of the warning to send back
     */
    static Incoming parse(String text) {
        JsonValue value;
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            value = reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "invalid JSON; send {\"event\": \"name\", \"data\": {...}}");
        }
        if (!(value instanceof JsonObject frame)) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "a frame is a JSON object; send {\"event\": \"name\", \"data\": {...}}");
        }
        JsonValue event = frame.get("event");
        if (!(event instanceof JsonString name)) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "missing event; send {\"event\": \"name\", \"data\": {...}}");
        }
        if (!Names.isEvent(name.getString())) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "invalid event name; event names match " + Names.EVENT.pattern());
        }
        JsonValue data = frame.getOrDefault("data", JsonValue.EMPTY_JSON_OBJECT);
        return new Incoming(name.getString(), data == JsonValue.NULL ? JsonValue.EMPTY_JSON_OBJECT : data);
    }

    private static JsonObject message(JsonValue value) {
        return JSON.createObjectBuilder(Map.of("message", value)).build();
    }

    private static JsonValue number(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return JSON.createValue(n.longValue());
        }
        if (n instanceof java.math.BigInteger big) {
            return JSON.createValue(big);
        }
        if (n instanceof java.math.BigDecimal dec) {
            return JSON.createValue(dec);
        }
        return JSON.createValue(n.doubleValue());
    }
}
