package dev.tidings.spi;

import java.util.Optional;

/**
 * One channel's side of a broker that shares it with other instances ({@code broker=redis}). Publishing goes
 * through the broker, which sequences the message for the whole cluster and hands it back to every instance's
 * {@link BrokerSink}, this one included, in the same order everywhere.
 *
 * <p>Thread safe. {@link #publish} may wait for the broker, at most its command timeout; it never waits for
 * subscribers.
 */
public interface BrokerChannel {

    /**
     * Publishes a message to every instance.
     *
     * @return the message id, the same on every instance
     * @throws dev.tidings.api.TidingsException ({@code BROKER_UNAVAILABLE}) when the broker cannot take it: the
     *         message was not published (never silently dropped)
     */
    String publish(Optional<String> event, String data);

    /** Whether the broker is reachable now. */
    boolean available();

    /** Stops receiving; the application stops. */
    default void close() {
    }
}
