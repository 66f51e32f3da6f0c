package dev.tidings.api;

/**
 * Publishes messages to one channel. Inject it with {@link Channel}:
 *
 * <pre>{@code
 * @Stateless
 * public class PriceFeed {
 *     @Inject @Channel("prices") Publisher prices;
 *
 *     public void update(String json) {
 *         String id = prices.publish("tick", json);
 *     }
 * }
 * }</pre>
 *
 * Thread safe. {@code publish} never blocks on subscribers: it hands the message to every subscriber's
 * bounded buffer and returns; slow subscribers are dealt with by the channel's overflow policy.
 */
public interface Publisher {

    /** The channel this publisher writes to. */
    String channel();

    /**
     * Publishes a message without an event name.
     *
     * @param data the payload; any text, multi-line allowed
     * @return the message id, ordered within the channel
     * @throws TidingsException with code {@link ErrorCode#BAD_REQUEST} if {@code data} is null
     */
    String publish(String data);

    /**
     * Publishes a message with an event name (SSE {@code event:} field, WebSocket {@code "event"} key).
     *
     * @param event the event name, {@code [A-Za-z0-9._:-]{1,64}}
     * @param data the payload
     * @return the message id
     * @throws TidingsException with code {@link ErrorCode#BAD_REQUEST} for an invalid event name
     */
    String publish(String event, String data);
}
