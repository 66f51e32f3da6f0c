package dev.tidings.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubscribeRequestTest {
    private static final MessageId FIVE = new MessageId("k3x", 5);
    private static final MessageId NINE = new MessageId("k3x", 9);

    @Test
    void freshResumesFromNothingReplaysNothingAndHasNoHead() {
        assertEquals(new SubscribeRequest(Optional.empty(), 0, Optional.empty()), SubscribeRequest.fresh());
    }

    @Test
    void ofKeepsWhatTheClientAskedForWithoutAHead() {
        assertEquals(new SubscribeRequest(Optional.of(FIVE), 3, Optional.empty()), SubscribeRequest.of(Optional.of(FIVE), 3));
    }

    @Test
    void atSetsTheHeadAndKeepsTheRest() {
        assertEquals(new SubscribeRequest(Optional.of(FIVE), 3, Optional.of(NINE)), SubscribeRequest.of(Optional.of(FIVE), 3).at(NINE));
    }

    @Test
    void atReplacesAnEarlierHead() {
        assertEquals(Optional.of(NINE), SubscribeRequest.fresh().at(FIVE).at(NINE).head());
    }

    @Test
    void negativeReplayIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SubscribeRequest.of(Optional.empty(), -1));

        assertEquals("replay must not be negative", e.getMessage());
    }
}
