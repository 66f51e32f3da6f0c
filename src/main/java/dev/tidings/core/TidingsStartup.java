package dev.tidings.core;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

/** Starts the registry with the application rather than on first use. */
@ApplicationScoped
public class TidingsStartup {

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored, ChannelRegistry registry) {
        registry.config();
    }
}
