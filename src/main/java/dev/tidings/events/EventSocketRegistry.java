package dev.tidings.events;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.EventSockets;
import dev.tidings.api.Sockets;
import dev.tidings.api.TidingsException;
import dev.tidings.config.EventsSettings;
import dev.tidings.core.ChannelRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The event sockets of this application at run time, by path; what {@code @Inject EventSockets} gives. */
@ApplicationScoped
public class EventSocketRegistry implements EventSockets {
    private static final Logger LOG = Logger.getLogger(EventSocketRegistry.class.getName());
    private static final String DEMO_PACKAGE = "dev.tidings.demo";

    @Inject
    EventsExtension extension;
    @Inject
    BeanManager beanManager;
    @Inject
    ChannelRegistry channels;
    @Resource
    ManagedExecutorService closer;
    @Resource
    ManagedScheduledExecutorService scheduler;

    private Jsonb jsonb;
    private Map<String, EventSocketApp> apps = Map.of();
    private ScheduledFuture<?> heartbeats;

    @jakarta.annotation.PostConstruct
    void start() {
        jsonb = JsonbBuilder.create();
        EventsSettings settings = channels.config().events();
        Map<String, EventSocketApp> built = new LinkedHashMap<>();
        for (EventSocketModel model : extension.models()) {
            if (model.beanClass().getPackageName().equals(DEMO_PACKAGE) && !channels.config().demo()) {
                continue; // the demos ship in the library jar too; they run only where tidings.demo.enabled=true
            }
            built.put(model.path(), new EventSocketApp(model, reference(model.beanClass()), jsonb, closer, settings.buffer()));
        }
        apps = Map.copyOf(built);
        long every = channels.config().heartbeat().toMillis();
        if (every > 0 && !apps.isEmpty()) {
            long interval = TimeUnit.MILLISECONDS.toNanos(every);
            heartbeats = scheduler.scheduleAtFixedRate(() -> apps.values().forEach(app -> app.heartbeat(System.nanoTime(), interval)),
                    every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Ends every client with 1001 when the application stops. */
    @PreDestroy
    void stop() {
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
        apps.values().forEach(EventSocketApp::shutdown);
        try {
            jsonb.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "closing JSON-B failed", e);
        }
    }

    @Override
    public Sockets at(String path) {
        return app(path).sockets();
    }

    EventSocketApp app(String path) {
        EventSocketApp app = apps.get(path);
        if (app == null) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "no event socket at " + path + "; declared: " + apps.keySet());
        }
        return app;
    }

    Map<String, EventSocketApp> apps() {
        return apps;
    }

    EventsSettings settings() {
        return channels.config().events();
    }

    private Object reference(Class<?> beanClass) {
        Bean<?> bean = beanManager.resolve(beanManager.getBeans(beanClass));
        if (bean == null) {
            throw new TidingsException(ErrorCode.INVALID_CONFIG, beanClass.getName()
                    + " is declared @EventSocket but is not a CDI bean; annotate it @ApplicationScoped");
        }
        return beanManager.getReference(bean, beanClass, beanManager.createCreationalContext(bean));
    }
}
