package dev.tidings.transport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.TidingsException;
import dev.tidings.config.ConfigParser;
import dev.tidings.config.TidingsConfig;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PublishGateTest {

    private static TidingsConfig config(Map<String, String> properties) {
        return ConfigParser.parse(properties, Set.of("queue"));
    }

    @Test
    void publishIsDisabledByDefault() {
        TidingsException e = assertThrows(TidingsException.class, () -> PublishGate.check(config(Map.of()), Optional.empty()));
        assertEquals(ErrorCode.PUBLISH_DISABLED, e.code());
        assertEquals(403, e.code().status());
        assertEquals("HTTP publish is disabled; set tidings.publish.http.enabled=true to enable it", e.getMessage());
    }

    @Test
    void enabledWithoutATokenLetsAnyoneIn() {
        assertDoesNotThrow(() -> PublishGate.check(config(Map.of("tidings.publish.http.enabled", "true")), Optional.empty()));
    }

    @Test
    void withATokenTheBearerHeaderMustMatch() {
        TidingsConfig config = config(Map.of("tidings.publish.http.enabled", "true", "tidings.publish.http.token", "s3cret"));
        assertDoesNotThrow(() -> PublishGate.check(config, Optional.of("Bearer s3cret")));
        for (Optional<String> wrong : java.util.List.of(Optional.<String>empty(), Optional.of("Bearer s3cre"),
                Optional.of("Bearer s3cret2"), Optional.of("s3cret"), Optional.of("Basic s3cret"))) {
            TidingsException e = assertThrows(TidingsException.class, () -> PublishGate.check(config, wrong), wrong.toString());
            assertEquals(ErrorCode.UNAUTHORIZED, e.code());
        }
    }

    @Test
    void disabledWinsOverAValidToken() {
        TidingsConfig config = config(Map.of("tidings.publish.http.token", "s3cret"));
        assertEquals(ErrorCode.PUBLISH_DISABLED,
                assertThrows(TidingsException.class, () -> PublishGate.check(config, Optional.of("Bearer s3cret"))).code());
    }

    @Test
    void tcpPublishFollowsTheSameSwitchAndToken() {
        TidingsConfig off = config(Map.of("tidings.publish.http.token", "s3cret"));
        TidingsException disabled = assertThrows(TidingsException.class, () -> PublishGate.checkToken(off, Optional.of("s3cret")));
        assertEquals(ErrorCode.PUBLISH_DISABLED, disabled.code());
        assertEquals("PUBLISH is disabled; set tidings.publish.http.enabled=true to enable it (HTTP and TCP)", disabled.getMessage());

        TidingsConfig on = config(Map.of("tidings.publish.http.enabled", "true", "tidings.publish.http.token", "s3cret"));
        assertDoesNotThrow(() -> PublishGate.checkToken(on, Optional.of("s3cret")));
        for (Optional<String> wrong : java.util.List.of(Optional.<String>empty(), Optional.of("s3cre"), Optional.of("Bearer s3cret"))) {
            TidingsException e = assertThrows(TidingsException.class, () -> PublishGate.checkToken(on, wrong), wrong.toString());
            assertEquals(ErrorCode.UNAUTHORIZED, e.code());
            assertEquals("publishing needs 'AUTH <tidings.publish.http.token>' first", e.getMessage());
        }
        assertDoesNotThrow(() -> PublishGate.checkToken(config(Map.of("tidings.publish.http.enabled", "true")), Optional.empty()));
    }
}
