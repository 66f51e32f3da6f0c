package dev.tidings.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OriginsTest {
    private final Origins sameOrigin = new Origins(List.of());

    @Test
    void thePagesOwnOriginIsAllowed() {
        assertEquals(Optional.empty(), sameOrigin.check(Optional.of("http://localhost:8080"), Optional.of("localhost:8080")));
        assertEquals(Optional.empty(), sameOrigin.check(Optional.of("https://Example.com"), Optional.of("example.com:443")));
        assertEquals(Optional.empty(), sameOrigin.check(Optional.of("http://example.com"), Optional.of("example.com")));
    }

    @Test
    void anotherOriginIsRefusedByDefault() {
        assertEquals(Optional.of("origin http://evil.example may not open this socket; add it to tidings.events.allowed-origins"),
                sameOrigin.check(Optional.of("http://evil.example"), Optional.of("localhost:8080")));
        assertTrue(sameOrigin.check(Optional.of("http://localhost:8081"), Optional.of("localhost:8080")).isPresent(), "another port");
        assertTrue(sameOrigin.check(Optional.of("null"), Optional.of("localhost:8080")).isPresent(), "a sandboxed page");
    }

    @Test
    void anAllowListedOriginAndAStarAreAllowed() {
        Origins listed = new Origins(List.of("https://app.example.com"));
        assertEquals(Optional.empty(), listed.check(Optional.of("https://APP.example.com"), Optional.of("api.example.com")));
        assertTrue(listed.check(Optional.of("https://other.example.com"), Optional.of("api.example.com")).isPresent());
        assertEquals(Optional.empty(), new Origins(List.of("*")).check(Optional.of("http://any.example"), Optional.of("h")));
    }

    @Test
    void aClientWithoutOriginIsNotABrowserAndPasses() {
        assertEquals(Optional.empty(), sameOrigin.check(Optional.empty(), Optional.of("localhost:8080")));
    }
}
