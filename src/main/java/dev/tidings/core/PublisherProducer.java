package dev.tidings.core;

import dev.tidings.api.Channel;
import dev.tidings.api.Publisher;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.inject.Inject;

/** Produces {@code @Channel("name") Publisher} for CDI beans, EJBs and JAX-RS resources. */
@Dependent
public class PublisherProducer {

    @Inject
    ChannelRegistry registry;

    @Produces
    @Channel
    Publisher publisher(InjectionPoint injectionPoint) {
        return registry.publisher(TidingsExtension.channelName(injectionPoint));
    }
}
