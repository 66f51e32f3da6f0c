package dev.tidings.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.api.EventSocket;
import dev.tidings.api.TidingsException;
import jakarta.json.JsonObject;
import jakarta.json.bind.JsonbBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @EventSocket("/progress")
    static class Progress {
    }

    private final EventSocketApp app = new EventSocketApp(EventSocketModel.of(Progress.class, new ArrayList<>()), new Progress(),
            JsonbBuilder.create(), Runnable::run, 4096);

    @Test
    void doneFiresOnceWhenALargeMaxIsReached() {
        Recording r = new Recording();
        ClientSocket socket = app.open(r, Optional.empty());
        ProgressBar bar = ProgressBar.of(socket, "import", 0, 1000);
        for (int i = 0; i < 1005; i++) {
            bar.tick("row " + (i + 1));
        }
        List<String> events = r.events();
        assertEquals("progressbar:import:init", events.get(0));
        assertEquals(1000, events.stream().filter("progressbar:import:update"::equals).count());
        assertEquals(List.of("progressbar:import:done"), events.stream().filter(e -> e.endsWith(":done")).toList());
        assertEquals("progressbar:import:done", events.get(events.size() - 1), "nothing after done");
        assertEquals("{\"name\":\"import\",\"min\":0,\"max\":1000,\"value\":1000,\"indeterminate\":false,\"label\":\"row 1000\"}",
                r.last().getJsonObject("data").toString());
        assertTrue(bar.isDone());
    }

    @Test
    void initCarriesTheStateAndMinEqualMaxIsIndeterminate() {
        Recording r = new Recording();
        ProgressBar.of(app.open(r, Optional.empty()), "spin", 5, 5);
        JsonObject init = r.last();
        assertEquals("progressbar:spin:init", init.getString("event"));
        assertEquals("{\"name\":\"spin\",\"min\":5,\"max\":5,\"value\":5,\"indeterminate\":true}", init.getJsonObject("data").toString());
    }

    @Test
    void resetStartsOverWithInit() {
        Recording r = new Recording();
        ProgressBar bar = ProgressBar.of(app.open(r, Optional.empty()), "b", 0, 2);
        bar.tick();
        bar.tick();
        bar.reset();
        assertEquals("progressbar:b:init", r.last().getString("event"));
        assertEquals(0, bar.value());
        bar.tick();
        bar.tick();
        assertEquals(2, r.events().stream().filter(e -> e.endsWith(":done")).count(), "done again after a reset");
    }

    @Test
    void aPerSocketBarIsSeenByThatClientOnly() {
        Recording mine = new Recording();
        Recording other = new Recording();
        ClientSocket socket = app.open(mine, Optional.empty());
        app.open(other, Optional.empty());
        ProgressBar.of(socket, "own", 0, 10).tick();
        assertEquals(List.of("progressbar:own:init", "progressbar:own:update"), mine.events());
        assertEquals(List.of(), other.frames);
    }

    @Test
    void aSharedBarReachesEveryoneAndGreetsNewcomersWithItsState() {
        Recording early = new Recording();
        app.open(early, Optional.empty());
        ProgressBar bar = ProgressBar.shared(app.sockets(), "build", 0, 3);
        bar.tick("compile");
        Recording late = new Recording();
        app.open(late, Optional.empty());

        assertEquals(List.of("progressbar:build:init", "progressbar:build:update"), early.events());
        assertEquals(List.of("progressbar:build:init"), late.events());
        assertEquals(1, late.last().getJsonObject("data").getInt("value"), "the newcomer sees the current value");
        bar.tick();
        bar.tick();
        assertEquals(List.of("progressbar:build:init", "progressbar:build:update", "progressbar:build:update", "progressbar:build:done"),
                late.events());
        bar.close();
        Recording after = new Recording();
        app.open(after, Optional.empty());
        assertEquals(List.of(), after.frames, "a closed bar greets nobody");
    }

    @Test
    void badNamesAndRangesAreRejected() {
        ClientSocket socket = app.open(new Recording(), Optional.empty());
        assertEquals("invalid progress bar name 'a b'; names match [A-Za-z0-9._-]{1,40}",
                assertThrows(TidingsException.class, () -> ProgressBar.of(socket, "a b", 0, 1)).getMessage());
        assertEquals("progress bar x: max 1 is below min 2",
                assertThrows(TidingsException.class, () -> ProgressBar.of(socket, "x", 2, 1)).getMessage());
    }
}
