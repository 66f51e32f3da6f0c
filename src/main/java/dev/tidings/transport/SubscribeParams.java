package dev.tidings.transport;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.TidingsException;
import dev.tidings.api.UnknownChannelException;
import dev.tidings.config.Names;
import dev.tidings.core.ChannelRegistry;
import dev.tidings.spi.MessageId;
import dev.tidings.spi.SubscribeRequest;
import java.util.Optional;

/**
 * The subscribe parameters every transport accepts, checked the same way: a resume id (SSE
 * {@code Last-Event-ID} header or {@code lastEventId} parameter, WebSocket {@code ?lastEventId=}) and
 * {@code replay=N}, the last N retained messages on a first subscribe.
 */
public final class SubscribeParams {
    /** Longest accepted replay request. */
    public static final int MAX_REPLAY = 100_000;

    private SubscribeParams() {
    }

    /**
     * Checks the channel a subscribe URL names, the same on every transport.
     *
     * @throws TidingsException ({@link ErrorCode#BAD_REQUEST}) for a malformed name
     * @throws UnknownChannelException for a channel that is not declared
     */
    public static void requireChannel(ChannelRegistry registry, String name) {
        if (!Names.isChannel(name)) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "invalid channel name; names match " + Names.CHANNEL.pattern());
        }
        if (!registry.exists(name)) {
            throw new UnknownChannelException(name);
        }
    }

    /** @throws TidingsException ({@link ErrorCode#BAD_REQUEST}) with what is wrong and what is accepted */
    public static SubscribeRequest parse(Optional<String> lastEventId, Optional<String> replay) {
        Optional<MessageId> resumeFrom = lastEventId.filter(id -> !id.isEmpty()).map(id -> MessageId.parse(id)
                .orElseThrow(() -> new TidingsException(ErrorCode.BAD_REQUEST, "invalid Last-Event-ID '" + printable(id)
                        + "': send an id received from this channel (<epoch>-<offset>, e.g. mwr9x0sxi1-42)")));
        int last = 0;
        if (replay.isPresent() && !replay.get().isEmpty()) {
            try {
                last = Integer.parseInt(replay.get());
            } catch (NumberFormatException e) {
                last = -1;
            }
            if (last < 0 || last > MAX_REPLAY) {
                throw new TidingsException(ErrorCode.BAD_REQUEST, "invalid replay '" + printable(replay.get())
                        + "': a number of messages from 0 to " + MAX_REPLAY);
            }
        }
        return SubscribeRequest.of(resumeFrom, last);
    }

    /** The first 40 characters, with anything unprintable shown as '?', safe to put in an error message. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(40).forEach(c -> out.appendCodePoint(c >= 0x20 && c < 0x7f ? c : '?'));
        return text.codePointCount(0, text.length()) > 40 ? out + "..." : out.toString();
    }
}
