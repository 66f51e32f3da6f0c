package dev.tidings.it.app;

import dev.tidings.core.ChannelRegistry;
import dev.tidings.core.Subscription;
import dev.tidings.spi.CloseReason;
import dev.tidings.spi.Envelope;
import dev.tidings.spi.SubscribeRequest;
import dev.tidings.spi.Subscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A custom subscriber written against the SPI (tornadose's BaseHandler), as a transport would: it records
 * what it receives; REST calls start it, read it and stop it.
 */
@Path("test/recorder")
@ApplicationScoped
public class RecorderResource {

    @Inject
    ChannelRegistry registry;

    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile Subscription subscription;

    @POST
    @Path("{channel}")
    public void start(@PathParam("channel") String channel) {
        received.clear();
        subscription = registry.subscribe(channel, SubscribeRequest.fresh(), new Subscriber() {
            @Override
            public CompletionStage<Void> send(Envelope envelope) {
                received.add(envelope.message().id() + " " + envelope.message().data());
                return DONE;
            }

            @Override
            public void close(CloseReason reason) {
                received.add("closed " + reason.code());
            }
        });
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String received() {
        return String.join("\n", received);
    }

    @DELETE
    public void stop() {
        subscription.cancel();
    }
}
