package dev.tidings.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.Eventually;
import dev.tidings.it.support.Browser;
import dev.tidings.it.support.Deployments;
import dev.tidings.it.support.Http;
import dev.tidings.it.support.WsConnection;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Event sockets in a real container, with a Java WebSocket client (the demo sockets {@code /ws/chat} and
 * {@code /ws/progress}, and {@code EventSockets} injected into a REST resource), then the same from a real
 * headless Chromium with {@code /tidings.js}: a subscribed page that survives a server-side disconnect, two
 * browsers chatting, a progress bar reaching done.
 */
@ExtendWith(ArquillianExtension.class)
class EventSocketIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration QUIET = Duration.ofMillis(300);

    @ArquillianResource
    URL base;

    private Http http;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.tidingsWithTestApp();
    }

    @BeforeEach
    void setUp() {
        http = new Http(base);
    }

    // ---- event sockets from a Java client ----------------------------------------------------------

    @Test
    void chatMessagesReachTheRoomAndOnlyTheRoom() throws Exception {
        try (WsConnection ada = WsConnection.open(base, "/ws/chat");
             WsConnection bob = WsConnection.open(base, "/ws/chat");
             WsConnection eve = WsConnection.open(base, "/ws/chat")) {
            ada.emit("join", "{\"room\":\"lobby\",\"name\":\"ada\"}");
            assertEquals(event("joined", "{\"name\":\"ada\",\"room\":\"lobby\"}"), ada.next(WAIT));
            bob.emit("join", "{\"room\":\"lobby\",\"name\":\"bob\"}");
            assertEquals(event("joined", "{\"name\":\"bob\",\"room\":\"lobby\"}"), bob.next(WAIT));
            assertEquals(event("joined", "{\"name\":\"bob\",\"room\":\"lobby\"}"), ada.next(WAIT));
            eve.emit("join", "{\"room\":\"elsewhere\",\"name\":\"eve\"}");
            eve.next(WAIT);

            ada.emit("message", "{\"text\":\"hello\"}");
            JsonObject said = event("message", "{\"name\":\"ada\",\"room\":\"lobby\",\"text\":\"hello\"}");
            assertEquals(said, ada.next(WAIT));
            assertEquals(said, bob.next(WAIT));
            assertEquals(List.of(), eve.drainUntilQuiet(QUIET, WAIT), "nothing for another room");

            bob.abort();
            assertEquals(event("left", "{\"name\":\"bob\",\"room\":\"lobby\"}"), ada.next(WAIT), "close is an event too");
        }
    }

    @Test
    void clientMistakesGetWarningsAndTheSocketGoesOn() throws Exception {
        try (WsConnection client = WsConnection.open(base, "/ws/chat")) {
            client.sendText("not json");
            assertEquals(warning("invalid JSON; send {\\\"event\\\": \\\"name\\\", \\\"data\\\": {...}}"), client.next(WAIT));
            client.sendText("{\"data\":{}}");
            assertEquals(warning("missing event; send {\\\"event\\\": \\\"name\\\", \\\"data\\\": {...}}"), client.next(WAIT));
            client.emit("dance", "{}");
            assertEquals(warning("unknown event 'dance'; /chat handles: join, message"), client.next(WAIT));
            client.emit("message", "{\"text\":\"too early\"}");
            assertEquals(warning("join a room first: emit('join', {room, name})"), client.next(WAIT));
            client.emit("join", "{\"room\":[1]}");
            assertTrue(client.next(WAIT).getJsonObject("data").getString("message").startsWith("invalid data for event 'join': "));
            client.sendBinary(new byte[] {1, 2, 3});
            assertEquals(warning("binary frames are not understood; send text {\\\"event\\\": \\\"name\\\", \\\"data\\\": {...}}"),
                    client.next(WAIT));
            client.emit("join", "{\"room\":\"lobby\",\"name\":\"still-here\"}");
            assertEquals("joined", client.next(WAIT).getString("event"));
        }
    }

    @Test
    void pagesOfAnotherOriginAreRefusedUnlessAllowed() throws Exception {
        try (WsConnection evil = WsConnection.open(base, "/ws/chat", "http://evil.example")) {
            assertEquals("1008 forbidden-origin: origin http://evil.example may not open this socket; add it to tidings.events.allowed-origins",
                    evil.awaitClose(WAIT));
        }
        for (String origin : List.of("http://allowed.example", "http://" + base.getHost() + ":" + base.getPort())) {
            try (WsConnection ok = WsConnection.open(base, "/ws/chat", origin)) {
                ok.emit("join", "{\"room\":\"lobby\",\"name\":\"x\"}");
                assertEquals("joined", ok.next(WAIT).getString("event"), origin);
            }
        }
    }

    @Test
    void aProgressBarOfALargeMaxReachesDone() throws Exception {
        try (WsConnection client = WsConnection.open(base, "/ws/progress")) {
            client.emit("start", "{\"max\":300,\"every\":1}");
            List<JsonObject> frames = client.take(302, WAIT);
            assertEquals("progressbar:task:init", frames.get(0).getString("event"));
            assertEquals("{\"name\":\"task\",\"min\":0,\"max\":300,\"value\":0,\"indeterminate\":false}", frames.get(0).getJsonObject("data").toString());
            for (int i = 1; i <= 300; i++) {
                assertEquals("progressbar:task:update", frames.get(i).getString("event"));
                assertEquals(i, frames.get(i).getJsonObject("data").getInt("value"));
            }
            assertEquals("progressbar:task:done", frames.get(301).getString("event"));
            assertEquals(List.of(), client.drainUntilQuiet(QUIET, WAIT), "done is the last event");
        }
    }

    @Test
    void anInjectedEventSocketsEmitsToARoomFromARestResource() throws Exception {
        try (WsConnection inRoom = WsConnection.open(base, "/ws/chat"); WsConnection outside = WsConnection.open(base, "/ws/chat")) {
            inRoom.emit("join", "{\"room\":\"ops\",\"name\":\"op\"}");
            inRoom.next(WAIT);
            HttpResponse<String> emitted = http.post("/api/test/events/ops?socket=/chat&text=maintenance", null, new byte[0]);
            assertEquals("1", emitted.body());
            assertEquals(event("notice", "{\"message\":\"maintenance\"}"), inRoom.next(WAIT));
            assertEquals(List.of(), outside.drainUntilQuiet(QUIET, WAIT));
        }
    }

    // ---- a real browser with /tidings.js ------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"sse", "ws"})
    void aBrowserPageShowsMessagesAndResumesWithoutLossAfterTheServerDropsIt(String transport) throws Exception {
        Browser.assumeInstalled();
        ChromeDriver browser = Browser.open();
        try {
            browser.get(url("/it-stream.html?channel=history&transport=" + transport));
            await(browser, "the page subscribed", () -> "open".equals(browser.findElement(By.id("state")).getText()));
            http.awaitSubscribers("history", 1, WAIT);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(Http.json(http.publish("history", "text/plain", transport + "-" + i).body()).getString("id"));
            }
            await(browser, "5 messages shown", () -> count(browser) == 5);

            assertEquals("1", http.post("/api/test/disconnect/history", null, new byte[0]).body());
            for (int i = 5; i < 10; i++) { // published while the page is away, or as it comes back
                ids.add(Http.json(http.publish("history", "text/plain", transport + "-" + i).body()).getString("id"));
            }
            await(browser, "10 messages shown", () -> count(browser) >= 10);
            http.awaitSubscribers("history", 1, WAIT);

            List<WebElement> items = browser.findElements(By.cssSelector("#messages li"));
            assertEquals(10, items.size(), "no message doubled");
            for (int i = 0; i < 10; i++) {
                assertEquals(ids.get(i), items.get(i).getAttribute("data-id"));
                assertEquals(transport + "-" + i, items.get(i).getText());
            }
        } finally {
            browser.quit();
        }
        http.awaitSubscribers("history", 0, WAIT);
    }

    @Test
    void twoBrowsersChat() throws Exception {
        Browser.assumeInstalled();
        ChromeDriver ada = Browser.open();
        ChromeDriver bob = Browser.open();
        try {
            for (ChromeDriver b : List.of(ada, bob)) {
                b.get(url("/chat.html"));
                await(b, "the chat connected", () -> "open".equals(b.findElement(By.id("state")).getText()));
            }
            join(ada, "ada");
            join(bob, "bob");
            await(ada, "bob's arrival shown to ada", () -> logOf(ada).contains("bob joined browsers"));
            ada.findElement(By.id("text")).sendKeys("hello bob");
            ada.findElement(By.cssSelector("#say button")).click();
            await(bob, "ada's message shown to bob", () -> logOf(bob).contains("ada: hello bob"));
            await(ada, "ada sees her own message", () -> logOf(ada).contains("ada: hello bob"));
        } finally {
            ada.quit();
            bob.quit();
        }
    }

    @Test
    void aBrowserProgressBarReachesDone() throws Exception {
        Browser.assumeInstalled();
        ChromeDriver browser = Browser.open();
        try {
            browser.get(url("/progress.html"));
            await(browser, "the socket connected", () -> "open".equals(browser.findElement(By.id("state")).getText()));
            WebElement max = browser.findElement(By.id("max"));
            max.clear();
            max.sendKeys("300");
            browser.findElement(By.id("start")).click();
            // 300 ticks 20 ms apart on the server's scheduler: ~6 s, more on a loaded 2-core machine.
            await(browser, "the bar is done", Duration.ofSeconds(60),
                    () -> "done".equals(browser.findElement(By.id("html5")).getAttribute("data-state")));
            assertEquals("300", browser.findElement(By.id("html5")).getAttribute("value"));
            assertEquals("300", browser.findElement(By.id("html5")).getAttribute("max"));
            await(browser, "the bootstrap bar is done", () -> "done".equals(browser.findElement(By.id("bootstrap")).getAttribute("data-state")));
            WebElement bar = browser.findElement(By.cssSelector("#bootstrap .progress-bar"));
            assertTrue(bar.getAttribute("class").contains("bg-success"), bar.getAttribute("class"));
            assertEquals("300", bar.getAttribute("aria-valuenow"));
            assertTrue(bar.getAttribute("style").contains("width: 100%"), "the bar fills its track: " + bar.getAttribute("style"));
        } finally {
            browser.quit();
        }
    }

    private static void join(WebDriver browser, String name) {
        WebElement room = browser.findElement(By.id("room"));
        room.clear();
        room.sendKeys("browsers");
        browser.findElement(By.id("name")).sendKeys(name);
        browser.findElement(By.cssSelector("#join button")).click();
    }

    private static String logOf(WebDriver browser) {
        return browser.findElement(By.id("log")).getText();
    }

    private static int count(WebDriver browser) {
        return Integer.parseInt(browser.findElement(By.tagName("body")).getAttribute("data-count"));
    }

    private static void await(WebDriver browser, String what, Eventually.Condition condition) {
        await(browser, what, WAIT, condition);
    }

    private static void await(WebDriver browser, String what, Duration timeout, Eventually.Condition condition) {
        new WebDriverWait(browser, timeout).withMessage(what).until(d -> {
            try {
                return condition.holds();
            } catch (Exception e) {
                return false;
            }
        });
    }

    private String url(String path) {
        return "http://" + base.getHost() + ":" + base.getPort() + path;
    }

    /** An expected frame, compared as JSON: the order of an object's members is not part of the contract. */
    private static JsonObject event(String event, String dataJson) {
        return Http.json("{\"event\":\"" + event + "\",\"data\":" + dataJson + "}");
    }

    private static JsonObject warning(String message) {
        return event("warning", "{\"message\":\"" + message + "\"}");
    }
}
