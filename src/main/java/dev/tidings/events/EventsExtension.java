package dev.tidings.events;

import dev.tidings.api.ConfigurationException;
import dev.tidings.api.EventSocket;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the {@link EventSocket} classes at deployment and checks them: paths, event names, one handler per
 * event, handler parameters. Any problem fails the deployment, naming the class and method.
 */
public class EventsExtension implements Extension {
    private final List<Class<?>> classes = new ArrayList<>();
    private volatile List<EventSocketModel> models = List.of();

    <T> void found(@Observes @WithAnnotations(EventSocket.class) ProcessAnnotatedType<T> event) {
        Class<T> type = event.getAnnotatedType().getJavaClass();
        if (type.isAnnotationPresent(EventSocket.class)) {
            classes.add(type);
        }
    }

    void validate(@Observes AfterDeploymentValidation event) {
        List<String> problems = new ArrayList<>();
        List<EventSocketModel> built = new ArrayList<>();
        for (Class<?> c : classes) {
            built.add(EventSocketModel.of(c, problems));
        }
        problems.addAll(EventSocketModel.duplicatePaths(built));
        if (problems.isEmpty()) {
            models = List.copyOf(built);
        } else {
            event.addDeploymentProblem(new ConfigurationException(problems));
        }
    }

    /** The event sockets declared in this application, checked. */
    List<EventSocketModel> models() {
        return models;
    }
}
