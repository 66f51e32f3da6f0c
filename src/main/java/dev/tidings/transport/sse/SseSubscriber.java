package dev.tidings.transport.sse;

import dev.tidings.spi.CloseReason;
import dev.tidings.transport.ServletOutput;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;

/**
 * One SSE client, written with Servlet non-blocking I/O through {@link ServletOutput}: no thread ever blocks
 * on a slow client, no lock is held across I/O.
 */
final class SseSubscriber extends SseStream {
    private static final Logger LOG = Logger.getLogger(SseSubscriber.class.getName());

    private final ServletOutput output;

    /** Register {@link #output()} as the stream's write listener. */
    SseSubscriber(AsyncContext async, ServletOutputStream out, byte[] preamble) {
        super(async);
        this.output = new ServletOutput(out, this::finish);
        output.writeUrgent(preamble);
    }

    ServletOutput output() {
        return output;
    }

    @Override
    public void flush() {
        output.flush();
    }

    @Override
    public void close(CloseReason reason) {
        LOG.fine(() -> "ending SSE stream: " + reason);
        output.finish(null, () -> finish(null));
    }

    /** Also fails the write waiting for the stream, so the subscription's writer moves on. */
    @Override
    boolean finish(Throwable cause) {
        boolean ended = super.finish(cause);
        output.kill();
        return ended;
    }

    @Override
    public String toString() {
        return "SseSubscriber[" + output + ", finished=" + isFinished() + "]";
    }

    @Override
    CompletionStage<Void> write(byte[] frame) {
        return output.write(frame);
    }
}
