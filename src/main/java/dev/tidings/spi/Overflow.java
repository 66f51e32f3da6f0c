package dev.tidings.spi;

import java.util.Arrays;
import java.util.Optional;

/** What a bounded subscriber buffer does when it is full. */
public enum Overflow {
    /** End the subscription; the client reconnects (and, with history, resumes). The default. */
    DISCONNECT("disconnect"),
    /** Discard the oldest buffered message to make room for the new one. */
    DROP_OLDEST("drop-oldest");

    private final String configName;

    Overflow(String configName) {
        this.configName = configName;
    }

    /** The value used in configuration. */
    public String configName() {
        return configName;
    }

    public static Optional<Overflow> fromConfig(String value) {
        return Arrays.stream(values()).filter(o -> o.configName.equals(value)).findFirst();
    }
}
