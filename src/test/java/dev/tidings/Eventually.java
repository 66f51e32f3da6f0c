package dev.tidings;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** The one "eventually" check of the test suites: polls a value until it is what the test waits for. */
public final class Eventually {
    private static final long POLL_MILLIS = 5;

    private Eventually() {
    }

    /** A condition that may throw (an HTTP call, say); an exception fails the wait at once. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits until the condition holds; fails naming {@code what} after the timeout. */
    public static void await(String what, Duration timeout, Condition condition) throws Exception {
        require(what, timeout, condition::holds, Boolean::booleanValue);
    }

    /**
     * Polls {@code value} until {@code done} accepts it and returns that value; after the timeout returns the
     * last value seen, so the caller's assertion shows what it got instead.
     */
    public static <T> T until(String what, Duration timeout, Callable<T> value, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = value.call();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                return last;
            }
            Thread.sleep(POLL_MILLIS);
            last = value.call();
        }
        return last;
    }

    /** Like {@link #until} but fails after the timeout, naming {@code what} and the last value. */
    public static <T> T require(String what, Duration timeout, Callable<T> value, Predicate<T> done) throws Exception {
        T last = until(what, timeout, value, done);
        if (!done.test(last)) {
            throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last: " + last);
        }
        return last;
    }
}
