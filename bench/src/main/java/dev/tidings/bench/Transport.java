package dev.tidings.bench;

import java.util.Locale;

/** How the load generator's subscribers connect. */
public enum Transport {
    /** {@code GET /api/channels/{name}/events}. */
    SSE,
    /** {@code GET /ws/channels/{name}}. */
    WS;

    static Transport parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
