package dev.tidings.demo;

import dev.tidings.api.EventSocket;
import dev.tidings.api.On;
import dev.tidings.api.Socket;
import dev.tidings.events.ProgressBar;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The progress bar demo ({@code progress.html}): {@code start} runs a pretend task of {@code max} steps on
 * the container's scheduler, ticking this client's own bar (each user watches their own task).
 */
@ApplicationScoped
@EventSocket("/progress")
public class ProgressSocket {
    private static final String TASK = "task";

    @Resource
    ManagedScheduledExecutorService scheduler;

    @On("start")
    void start(Socket socket, JsonObject data) {
        int max = Math.max(1, Math.min(10_000, data.getInt("max", 100)));
        long everyMillis = Math.max(1, Math.min(1000, data.getInt("every", 20)));
        if (socket.attributes().remove(TASK) instanceof ScheduledFuture<?> running) {
            running.cancel(false);
        }
        ProgressBar bar = ProgressBar.of(socket, "task", 0, max);
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        task.set(scheduler.scheduleAtFixedRate(() -> {
            if (!socket.isOpen() || bar.isDone()) {
                ScheduledFuture<?> self = task.get();
                if (self != null) { // null only if the first run beat the assignment; the next run cancels
                    self.cancel(false);
                }
                return;
            }
            bar.tick("step " + (bar.value() + 1) + " of " + max);
        }, everyMillis, everyMillis, TimeUnit.MILLISECONDS));
        socket.attributes().put(TASK, task.get());
    }

    @On("close")
    void closed(Socket socket) {
        if (socket.attributes().remove(TASK) instanceof ScheduledFuture<?> running) {
            running.cancel(false);
        }
    }
}
