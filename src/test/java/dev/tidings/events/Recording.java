package dev.tidings.events;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** An outlet that records what a client would receive; writes complete at once unless held. */
final class Recording implements Outlet {
    final List<String> frames = new ArrayList<>();
    final List<String> closes = new ArrayList<>();
    int pings;
    private boolean hold;
    private final List<Consumer<Throwable>> pending = new ArrayList<>();

    @Override
    public synchronized void send(String frame, Consumer<Throwable> done) {
        frames.add(frame);
        if (hold) {
            pending.add(done);
        } else {
            done.accept(null);
        }
    }

    @Override
    public synchronized void ping() {
        pings++;
    }

    @Override
    public synchronized void close(int code, String reason) {
        closes.add(code + " " + reason);
    }

    /** From now on, writes never complete: a client that stopped reading. */
    synchronized Recording stall() {
        hold = true;
        return this;
    }

    synchronized List<JsonObject> json() {
        return frames.stream().map(f -> Json.createReader(new StringReader(f)).readObject()).toList();
    }

    synchronized List<String> events() {
        return json().stream().map(o -> o.getString("event")).toList();
    }

    synchronized JsonObject last() {
        List<JsonObject> all = json();
        return all.get(all.size() - 1);
    }

    synchronized void clear() {
        frames.clear();
    }
}
