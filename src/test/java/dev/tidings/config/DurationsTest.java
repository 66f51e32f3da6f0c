package dev.tidings.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void millisecondsSuffix() {
        assertEquals(Optional.of(Duration.ofMillis(500)), Durations.parse("500ms"));
    }

    @Test
    void secondsSuffix() {
        assertEquals(Optional.of(Duration.ofSeconds(15)), Durations.parse("15s"));
    }

    @Test
    void minutesSuffix() {
        assertEquals(Optional.of(Duration.ofMinutes(2)), Durations.parse("2m"));
    }

    @Test
    void plainNumberIsSeconds() {
        assertEquals(Optional.of(Duration.ofSeconds(7)), Durations.parse("7"));
    }

    @Test
    void zeroIsZero() {
        assertEquals(Optional.of(Duration.ZERO), Durations.parse("0"));
    }

    @Test
    void spacesAroundAndBeforeTheUnitAreAllowed() {
        assertEquals(Optional.of(Duration.ofSeconds(15)), Durations.parse("  15 s "));
    }

    @Test
    void iso8601IsAccepted() {
        assertEquals(Optional.of(Duration.ofSeconds(90)), Durations.parse("PT1M30S"));
    }

    @Test
    void negativeIso8601IsRejected() {
        assertEquals(Optional.empty(), Durations.parse("PT-1S"));
        assertEquals(Optional.empty(), Durations.parse("-PT1S"));
    }

    @Test
    void negativeNumberIsRejected() {
        assertEquals(Optional.empty(), Durations.parse("-1s"));
    }

    @Test
    void unknownUnitIsRejected() {
        assertEquals(Optional.empty(), Durations.parse("1h"));
    }

    @Test
    void upperCaseUnitIsRejected() {
        assertEquals(Optional.empty(), Durations.parse("15S"));
    }

    @Test
    void wordsAreRejected() {
        assertEquals(Optional.empty(), Durations.parse("soon"));
    }

    @Test
    void emptyIsRejected() {
        assertEquals(Optional.empty(), Durations.parse(""));
        assertEquals(Optional.empty(), Durations.parse("   "));
    }

    @Test
    void unitWithoutNumberIsRejected() {
        assertEquals(Optional.empty(), Durations.parse("ms"));
    }

    @Test
    void fractionIsRejected() {
        assertEquals(Optional.empty(), Durations.parse("1.5s"));
    }

    @Test
    void numbersOfMoreThanNineDigitsAreRejected() {
        assertEquals(Optional.of(Duration.ofMillis(999_999_999)), Durations.parse("999999999ms"));
        assertEquals(Optional.empty(), Durations.parse("1000000000ms"));
    }
}
