package dev.tidings.it.app;

import dev.tidings.api.Channel;
import dev.tidings.api.EventSockets;
import dev.tidings.api.Publisher;
import dev.tidings.core.ChannelRegistry;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** A JAX-RS resource publishing through an injected publisher, and a front door to the EJB. */
@Path("test")
@RequestScoped
public class TestResource {

    /** Channel name defaults to the field name: "prices". */
    @Inject
    @Channel
    Publisher prices;

    @Inject
    PublishingBean ejb;

    @Inject
    EventSockets eventSockets;

    @Inject
    ChannelRegistry registry;

    @POST
    @Path("rest/prices")
    @Produces(MediaType.TEXT_PLAIN)
    public String publishPrice(@QueryParam("event") String event, @QueryParam("data") String data) {
        return event == null ? prices.publish(data) : prices.publish(event, data);
    }

    @POST
    @Path("ejb/{channel}")
    @Produces(MediaType.TEXT_PLAIN)
    public String publishFromEjb(@PathParam("channel") String channel, @QueryParam("prefix") String prefix,
                                 @QueryParam("count") int count, @QueryParam("size") int size,
                                 @QueryParam("pause") int pause) {
        return String.join(",", ejb.publish(channel, prefix, count, size, pause));
    }

    /** Emits to a room of an event socket from outside any handler, through the injected EventSockets. */
    @POST
    @Path("events/{room}")
    @Produces(MediaType.TEXT_PLAIN)
    public String emitToRoom(@PathParam("room") String room, @QueryParam("socket") String socket, @QueryParam("text") String text) {
        return String.valueOf(eventSockets.at(socket).to(room).emit("notice", text));
    }

    /** Ends every subscription of a channel on this server: what a client sees when the server drops it. */
    @POST
    @Path("disconnect/{channel}")
    @Produces(MediaType.TEXT_PLAIN)
    public String disconnect(@PathParam("channel") String channel) {
        return String.valueOf(registry.disconnectAll(channel));
    }
}
