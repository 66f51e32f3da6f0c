package dev.tidings.events;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import java.util.logging.Logger;

/**
 * Registers each event socket's endpoint with the container's WebSocket server while the application
 * deploys, the one moment the WebSocket API allows adding endpoints.
 */
@WebListener
public class EventsStartup implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(EventsStartup.class.getName());

    @Inject
    EventSocketRegistry registry;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        if (registry.apps().isEmpty()) {
            return;
        }
        ServerContainer container = (ServerContainer) event.getServletContext().getAttribute(ServerContainer.class.getName());
        if (container == null) {
            throw new IllegalStateException("no WebSocket server container; event sockets need the WebSocket feature (websocket-2.1 on OpenLiberty)");
        }
        Origins origins = new Origins(registry.settings().allowedOrigins());
        int max = registry.settings().maxMessageBytes();
        for (EventSocketApp app : registry.apps().values()) {
            try {
                container.addEndpoint(EventSocketEndpoint.config(app, origins, max));
            } catch (DeploymentException e) {
                throw new IllegalStateException("cannot register the event socket at /ws" + app.path() + ": " + e.getMessage(), e);
            }
        }
        LOG.info(() -> "Tidings event sockets at /ws" + String.join(", /ws", registry.apps().keySet()));
    }
}
