package dev.tidings.it.app;

import dev.tidings.api.Channel;
import dev.tidings.api.Channels;
import dev.tidings.api.Publisher;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/** An EJB publishing through injected publishers, as application code would. */
@Stateless
public class PublishingBean {

    @Inject
    @Channel("orders")
    Publisher orders;

    @Inject
    @Channel("bulk")
    Publisher bulk;

    @Inject
    Channels channels;

    private static void pace(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Publishes {@code count} messages {@code <prefix>-<i>}, padded with dots to {@code size} characters,
     * pausing {@code pauseMillis} between messages (a steady producer rather than one burst). */
    public List<String> publish(String channel, String prefix, int count, int size, int pauseMillis) {
        Publisher publisher = switch (channel) {
            case "orders" -> orders;
            case "bulk" -> bulk;
            default -> channels.publisher(channel);
        };
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder data = new StringBuilder(prefix).append('-').append(i);
            while (data.length() < size) {
                data.append('.');
            }
            ids.add(publisher.publish(data.toString()));
            if (pauseMillis > 0) {
                pace(pauseMillis);
            }
        }
        return ids;
    }
}
