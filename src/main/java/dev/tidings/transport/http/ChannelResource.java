package dev.tidings.transport.http;

import dev.tidings.api.ChannelInfo;
import dev.tidings.api.ErrorCode;
import dev.tidings.api.TidingsException;
import dev.tidings.api.UnknownChannelException;
import dev.tidings.config.Names;
import dev.tidings.config.TidingsConfig;
import dev.tidings.transport.PublishGate;
import dev.tidings.core.ChannelRegistry;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Optional;

/**
 * {@code GET /api/channels} lists channels; {@code POST /api/channels/{name}} publishes (off unless
 * {@code tidings.publish.http.enabled=true}; with {@code tidings.publish.http.token} set, callers send
 * {@code Authorization: Bearer <token>}). The SSE stream {@code GET /api/channels/{name}/events} is served
 * by {@code dev.tidings.transport.sse.SseFilter}, before JAX-RS.
 */
@Path("channels")
@RequestScoped
public class ChannelResource {
    /** Found once: {@code Json.create...} looks the JSON-P provider up again on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject
    ChannelRegistry registry;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String list() {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        for (ChannelInfo c : registry.list()) {
            array.add(JSON.createObjectBuilder()
                    .add("name", c.name())
                    .add("store", c.store())
                    .add("broker", c.broker())
                    .add("brokerStatus", c.brokerUp() ? "UP" : "DOWN")
                    .add("subscribers", c.subscribers()));
        }
        return array.build().toString();
    }

    @POST
    @Path("{name}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response publish(@PathParam("name") String name,
                            @QueryParam("event") String event,
                            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                            @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
                            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            InputStream body) {
        TidingsConfig config = registry.config();
        PublishGate.check(config, Optional.ofNullable(authorization));
        if (!Names.isChannel(name)) {
            throw new TidingsException(ErrorCode.BAD_REQUEST, "invalid channel name; names match " + Names.CHANNEL.pattern());
        }
        if (!registry.exists(name)) {
            throw new UnknownChannelException(name);
        }
        String data = PublishRequest.payload(Optional.ofNullable(contentType), length(contentLength), body,
                Optional.ofNullable(event), config.maxPublishBytes());
        String id = registry.publish(name, Optional.ofNullable(event), data);
        return Response.accepted(JSON.createObjectBuilder().add("channel", name).add("id", id).build().toString())
                .type(MediaType.APPLICATION_JSON).build();
    }

    private static long length(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
