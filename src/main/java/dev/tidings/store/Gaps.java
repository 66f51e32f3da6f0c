package dev.tidings.store;

import dev.tidings.api.Message;
import dev.tidings.spi.Envelope;
import dev.tidings.spi.MessageId;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The notice a client gets when the position it asked to resume from cannot be served: an ordinary message
 * with event {@value #EVENT}, so every transport delivers it in order like any other. Its id is the
 * position the stream continues from, so a client that reconnects right after it resumes consistently.
 * Its data is JSON: {@code {"reason":"expired","requested":"k3x-5","missed":12,"resumedAfter":"k3x-17"}}
 * ({@code missed} is absent when unknown, as after a restart).
 */
public final class Gaps {
    /** The event name of a gap notice. */
    public static final String EVENT = "tidings-gap";

    /** Why a position could not be served. */
    public enum Reason {
        /** The messages after it have left the retained window (history-size or history-ttl). */
        EXPIRED("expired"),
        /** It is from another epoch: before a restart of the channel, or from another channel. */
        UNKNOWN_EPOCH("unknown-epoch");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private Gaps() {
    }

    /**
     * @param channel the channel
     * @param requested the position the client asked for
     * @param reason why it cannot be served
     * @param missed how many messages the client missed, if known
     * @param resumedAfter the position the stream continues after (the gap notice's own id)
     */
    public static Envelope notice(String channel, MessageId requested, Reason reason, OptionalLong missed, MessageId resumedAfter) {
        JsonObjectBuilder data = Json.createObjectBuilder()
                .add("reason", reason.text())
                .add("requested", requested.toString());
        missed.ifPresent(n -> data.add("missed", n));
        data.add("resumedAfter", resumedAfter.toString());
        Message message = new Message(channel, resumedAfter.toString(), Optional.of(EVENT), data.build().toString());
        return new Envelope(message, Optional.of(resumedAfter));
    }
}
