package dev.tidings.store.redis;

import dev.tidings.spi.MessageId;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.util.Optional;

/**
 * What Tidings sends on a channel's Pub/Sub channel: a marker, then {@code {"id", "event"?, "data"}}. Anything
 * without the marker was published by an external program ({@code PUBLISH tidings:news "hello"}): its whole
 * payload is the message data.
 */
final class RedisEnvelope {
    /** Record separators around a name: no text payload starts like this by accident. */
    static final String MARKER = "\u001etidings\u001e";
    /** Found once: {@code Json.create...} looks the JSON-P provider up again on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** A message Tidings sequenced. */
    record Sequenced(MessageId position, Optional<String> event, String data) {
    }

    private RedisEnvelope() {
    }

    /** The sequenced message, or empty for an external payload (or a marked one that does not parse). */
    static Optional<Sequenced> parse(String payload) {
        if (!payload.startsWith(MARKER)) {
            return Optional.empty();
        }
        try (JsonReader reader = JSON.createReader(new StringReader(payload.substring(MARKER.length())))) {
            JsonObject o = reader.readObject();
            Optional<MessageId> id = MessageId.parse(o.getString("id", null));
            if (id.isEmpty() || !(o.get("data") instanceof JsonString data)) {
                return Optional.empty();
            }
            Optional<String> event = o.get("event") instanceof JsonString e ? Optional.of(e.getString()) : Optional.empty();
            return Optional.of(new Sequenced(id.get(), event, data.getString()));
        } catch (JsonException | IllegalStateException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /** Encodes like the publish script does (used by tests and by nothing on the hot path). */
    static String encode(MessageId id, Optional<String> event, String data) {
        JsonObjectBuilder o = JSON.createObjectBuilder().add("id", id.toString()).add("data", data);
        event.ifPresent(e -> o.add("event", e));
        return MARKER + o.build();
    }
}
