package dev.tidings.spi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One connected client on one transport: what the SSE and WebSocket transports implement, and what a custom
 * transport implements too (tornadose's {@code BaseHandler}). Obtain a subscription for it from
 * {@code dev.tidings.core.ChannelRegistry#subscribe}.
 *
 * <p>Threading contract: Tidings calls {@link #send}, {@link #heartbeat} and {@link #flush} from one thread
 * at a time, and never calls {@code send} or {@code heartbeat} again before the stage returned by the
 * previous call has completed: there is at most one write outstanding per subscriber. Implementations must
 * not block; they start the write and complete the stage when it is done (or at once when the bytes were
 * handed to the container). A stage completed exceptionally ends the subscription.
 */
public interface Subscriber {

    /** A stage that is already complete, for writes that finished synchronously. */
    CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    /** Starts writing one message; use {@link Envelope#encoded(Encoder)} to encode it once per transport. */
    CompletionStage<Void> send(Envelope envelope);

    /** Writes a keep-alive when the subscriber has been idle for the heartbeat interval. Default: nothing. */
    default CompletionStage<Void> heartbeat() {
        return DONE;
    }

    /** Pushes buffered bytes to the client; called when the outgoing buffer has been drained. */
    default void flush() {
    }

    /**
     * Whether this subscriber streams into an HTTP response still in progress (an SSE stream), which a stopping
     * server waits for (OpenLiberty quiesces until such requests end), rather than a connection it drops at once
     * (a WebSocket, on OpenLiberty). When the server stops, these are ended after the others, so that the others'
     * closing frames are written while the server still waits. Default: false.
     */
    default boolean holdsServerStop() {
        return false;
    }

    /**
     * Ends the connection, telling the client why. Called at most once, from any thread, possibly while a
     * write is still outstanding (a slow client's write may never complete): implementations must cope, and
     * must not block. No {@code send} starts after it.
     */
    void close(CloseReason reason);
}
