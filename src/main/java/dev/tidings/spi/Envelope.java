package dev.tidings.spi;

import dev.tidings.api.Message;
import java.util.Objects;
import java.util.Optional;

/**
 * A published message on its way to subscribers, with a cache of its encoded frames: the first subscriber of
 * a transport encodes it, every other subscriber of that transport reuses the frame. Thread safe.
 */
public final class Envelope {
    private static final Object[] EMPTY = new Object[0];

    private final Message message;
    private final Optional<MessageId> position;
    /** Pairs of (encoder, frame); replaced, never mutated, so readers need no lock. */
    private volatile Object[] frames = EMPTY;

    public Envelope(Message message) {
        this(Objects.requireNonNull(message, "message"), MessageId.parse(message.id()));
    }

    /** @param position the message's position in its channel (a gap notice carries the resume position) */
    public Envelope(Message message, Optional<MessageId> position) {
        this.message = Objects.requireNonNull(message, "message");
        this.position = Objects.requireNonNull(position, "position");
    }

    public Message message() {
        return message;
    }

    /** The message's position, when its id is one Tidings issued. */
    public Optional<MessageId> position() {
        return position;
    }

    /** The frame of this message for that encoder, encoded on first use. */
    @SuppressWarnings("unchecked")
    public <F> F encoded(Encoder<F> encoder) {
        Object[] current = frames;
        for (int i = 0; i < current.length; i += 2) {
            if (current[i] == encoder) {
                return (F) current[i + 1];
            }
        }
        synchronized (this) {
            Object[] latest = frames;
            for (int i = 0; i < latest.length; i += 2) {
                if (latest[i] == encoder) {
                    return (F) latest[i + 1];
                }
            }
            // Encoded under the lock: concurrent first callers wait for this frame instead of each encoding
            // the message again (once per transport, however many subscribers). Encoders are pure, no I/O.
            F frame = encoder.encode(message);
            Object[] grown = java.util.Arrays.copyOf(latest, latest.length + 2);
            grown[latest.length] = encoder;
            grown[latest.length + 1] = frame;
            frames = grown;
            return frame;
        }
    }

    @Override
    public String toString() {
        return "Envelope[" + message.channel() + "/" + message.id() + "]";
    }
}
