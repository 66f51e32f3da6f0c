package dev.tidings.core;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * MicroProfile Health readiness ({@code /health/ready}): DOWN while a shared channel's broker (Redis) is
 * unreachable, with the state of each shared channel. Local channels are always ready.
 */
@Readiness
@ApplicationScoped
public class BrokerHealth implements HealthCheck {

    @Inject
    ChannelRegistry registry;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("tidings-brokers").status(registry.brokersAvailable());
        registry.list().stream().filter(c -> !"local".equals(c.broker()))
                .forEach(c -> response.withData(c.name(), c.broker() + " " + (c.brokerUp() ? "UP" : "DOWN")));
        return response.build();
    }
}
