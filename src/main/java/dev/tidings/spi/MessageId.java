package dev.tidings.spi;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message's position in its channel: {@code <epoch>-<offset>}. The epoch is drawn when the channel starts
 * on this instance, so an id from before a restart (or from another channel) is recognised as foreign
 * instead of being replayed wrongly; the offset counts the channel's messages from 1. Ordered within an
 * epoch.
 *
 * @param epoch {@code [0-9a-z]{1,16}}
 * @param offset 0 for "before the first message", then 1, 2, ...
 */
public record MessageId(String epoch, long offset) implements Comparable<MessageId> {
    private static final Pattern FORMAT = Pattern.compile("([0-9a-z]{1,16})-(0|[1-9][0-9]{0,17})");

    public MessageId {
        if (!epoch.matches("[0-9a-z]{1,16}") || offset < 0) {
            throw new IllegalArgumentException("invalid message id " + epoch + "-" + offset);
        }
    }

    /** The id, or empty when the text is not an id Tidings issues. */
    public static Optional<MessageId> parse(String text) {
        if (text == null || text.length() > 40) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(text);
        return m.matches() ? Optional.of(new MessageId(m.group(1), Long.parseLong(m.group(2)))) : Optional.empty();
    }

    /** The id of the next message in this epoch. */
    public MessageId next() {
        return new MessageId(epoch, offset + 1);
    }

    /** By offset within an epoch; ids of different epochs are ordered by epoch only to stay consistent with equals. */
    @Override
    public int compareTo(MessageId other) {
        int byEpoch = epoch.compareTo(other.epoch);
        return byEpoch != 0 ? byEpoch : Long.compare(offset, other.offset);
    }

    @Override
    public String toString() {
        return epoch + "-" + offset;
    }
}
