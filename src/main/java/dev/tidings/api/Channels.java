package dev.tidings.api;

import java.util.List;
import java.util.Optional;

/**
 * The declared channels of this application. Inject it anywhere:
 *
 * <pre>{@code
 * @Inject Channels channels;
 * int listening = channels.find("prices").map(ChannelInfo::subscribers).orElse(0);
 * channels.publisher("prices").publish("42");
 * }</pre>
 */
public interface Channels {

    /** Every declared channel, sorted by name. */
    List<ChannelInfo> list();

    /** The channel of that name, if declared. */
    Optional<ChannelInfo> find(String name);

    /**
     * A publisher for a channel chosen at run time.
     *
     * @throws UnknownChannelException if no such channel is declared
     */
    Publisher publisher(String name);
}
