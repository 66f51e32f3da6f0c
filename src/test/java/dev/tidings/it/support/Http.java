package dev.tidings.it.support;

import dev.tidings.Eventually;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** HTTP calls the integration tests make, and the "eventually" check on subscriber counts. */
public final class Http {
    public static final String TOKEN = "Bearer it-secret";
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final URL base;

    public Http(URL base) {
        this.base = base;
    }

    public HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> delete(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Publishes over HTTP with the test token; returns the response. */
    public HttpResponse<String> publish(String channel, String contentType, String body) throws Exception {
        return post("/api/channels/" + channel, contentType, body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "Authorization", TOKEN);
    }

    public static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    public int subscribers(String channel) throws Exception {
        JsonArray channels = Json.createReader(new StringReader(get("/api/channels").body())).readArray();
        return channels.stream().map(v -> v.asJsonObject())
                .filter(c -> c.getString("name").equals(channel))
                .mapToInt(c -> c.getInt("subscribers")).findFirst()
                .orElseThrow(() -> new AssertionError("channel " + channel + " not listed"));
    }

    /** Waits until the channel has exactly {@code expected} subscribers; fails after the timeout. */
    public void awaitSubscribers(String channel, int expected, Duration timeout) throws Exception {
        int last = Eventually.until("subscribers of " + channel, timeout, () -> subscribers(channel), n -> n == expected);
        if (last == expected) {
            return;
        }
        throw new AssertionError("channel " + channel + " has " + last + " subscribers, expected " + expected + " within " + timeout);
    }

    private URI uri(String path) {
        return URI.create("http://" + base.getHost() + ":" + base.getPort() + path);
    }
}
