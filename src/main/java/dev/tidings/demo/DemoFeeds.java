package dev.tidings.demo;

import dev.tidings.api.Channels;
import dev.tidings.api.Publisher;
import dev.tidings.core.ChannelRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * tornadose's demos, as Tidings code: every second a random number goes to {@code ticker} (a {@code latest}
 * channel) and the next Fibonacci number to {@code fibonacci} (a {@code queue} channel), from the
 * container's managed scheduler. Runs only with {@code tidings.demo.enabled=true} and the two channels
 * declared, as the WAR's demo configuration does.
 */
@ApplicationScoped
public class DemoFeeds {
    private static final BigInteger LIMIT = BigInteger.TEN.pow(30);

    @Inject
    ChannelRegistry registry;
    @Inject
    Channels channels;
    @Resource
    ManagedScheduledExecutorService scheduler;

    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
    private BigInteger previous = BigInteger.ZERO;
    private BigInteger current = BigInteger.ONE;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (!registry.config().demo()) {
            return;
        }
        if (channels.find("ticker").isPresent()) {
            Publisher ticker = channels.publisher("ticker");
            tasks.add(scheduler.scheduleAtFixedRate(
                    () -> ticker.publish(String.format(Locale.ROOT, "%.4f", ThreadLocalRandom.current().nextDouble() * 100)),
                    1, 1, TimeUnit.SECONDS));
        }
        if (channels.find("fibonacci").isPresent()) {
            Publisher fibonacci = channels.publisher("fibonacci");
            tasks.add(scheduler.scheduleAtFixedRate(() -> fibonacci.publish("fib", next()), 1, 1, TimeUnit.SECONDS));
        }
    }

    @PreDestroy
    void stop() {
        tasks.forEach(t -> t.cancel(false));
    }

    private synchronized String next() {
        String value = current.toString();
        BigInteger sum = previous.add(current);
        previous = current;
        current = sum;
        if (sum.compareTo(LIMIT) > 0) {
            previous = BigInteger.ZERO;
            current = BigInteger.ONE;
        }
        return value;
    }
}
