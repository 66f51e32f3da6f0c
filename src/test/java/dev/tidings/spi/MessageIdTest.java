package dev.tidings.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessageIdTest {

    // ---- parse and format

    @Test
    void parseSplitsEpochAndOffset() {
        assertEquals(Optional.of(new MessageId("mwr9x0sxi1", 42)), MessageId.parse("mwr9x0sxi1-42"));
    }

    @Test
    void toStringIsEpochDashOffset() {
        assertEquals("k3x-7", new MessageId("k3x", 7).toString());
    }

    @Test
    void parseAndFormatRoundTrip() {
        for (String text : List.of("0-0", "k3x-1", "mwr9x0sxi1-42", "a-1000000", "zzzzzzzzzzzzzzzz-999999999999999999")) {
            assertEquals(text, MessageId.parse(text).orElseThrow(() -> new AssertionError(text)).toString());
        }
    }

    @Test
    void offsetZeroIsBeforeTheFirstMessage() {
        assertEquals(Optional.of(new MessageId("k3x", 0)), MessageId.parse("k3x-0"));
    }

    @Test
    void longestEpochAndOffsetAreAccepted() {
        assertEquals(Optional.of(new MessageId("0123456789abcdef", 999_999_999_999_999_999L)),
                MessageId.parse("0123456789abcdef-999999999999999999"));
    }

    // ---- rejected texts

    @Test
    void nullIsNoId() {
        assertEquals(Optional.empty(), MessageId.parse(null));
    }

    @Test
    void emptyIsNoId() {
        assertEquals(Optional.empty(), MessageId.parse(""));
    }

    @Test
    void textWithoutDashIsNoId() {
        assertEquals(Optional.empty(), MessageId.parse("k3x42"));
        assertEquals(Optional.empty(), MessageId.parse("42"));
    }

    @Test
    void missingEpochOrOffsetIsNoId() {
        assertEquals(Optional.empty(), MessageId.parse("-42"));
        assertEquals(Optional.empty(), MessageId.parse("k3x-"));
        assertEquals(Optional.empty(), MessageId.parse("-"));
    }

    @Test
    void uppercaseEpochIsNoId() {
        assertEquals(Optional.empty(), MessageId.parse("K3X-1"));
        assertEquals(Optional.empty(), MessageId.parse("k3X-1"));
    }

    @Test
    void negativeOffsetIsNoId() {
        assertEquals(Optional.empty(), MessageId.parse("k3x--1"));
    }

    @Test
    void offsetWithLeadingZerosIsNoId() {
        assertEquals(Optional.empty(), MessageId.parse("k3x-01"));
        assertEquals(Optional.empty(), MessageId.parse("k3x-00"));
    }

    @Test
    void epochLongerThan16IsNoId() {
        assertEquals(Optional.empty(), MessageId.parse("0123456789abcdefg-1"));
    }

    @Test
    void offsetLongerThan18DigitsIsNoId() {
        assertEquals(Optional.empty(), MessageId.parse("k3x-1000000000000000000"));
        assertEquals(Optional.empty(), MessageId.parse("k3x-" + Long.MAX_VALUE));
    }

    @Test
    void textLongerThan40IsNoId() {
        assertEquals(Optional.empty(), MessageId.parse("k3x-" + "1".repeat(37)));
        assertEquals(Optional.empty(), MessageId.parse("a".repeat(300)));
    }

    @Test
    void surroundingOrInnerWhitespaceIsNoId() {
        for (String text : List.of(" k3x-1", "k3x-1 ", "k3x -1", "k3x- 1", "k3x-1\n", "k3x-1\r\n", "\tk3x-1", "k3x-1\u00a0")) {
            assertEquals(Optional.empty(), MessageId.parse(text), "'" + text + "'");
        }
    }

    @Test
    void nonAsciiIsNoId() {
        for (String text : List.of("k3x-\u0665", "k3x-\uff11", "\u0137\u0033x-1", "k3x\u2010" + "1", "k3x-1\u0301", "\ud83d\ude00-1")) {
            assertEquals(Optional.empty(), MessageId.parse(text), "'" + text + "'");
        }
    }

    @Test
    void textWithSeveralDashesIsNoId() {
        assertEquals(Optional.empty(), MessageId.parse("k3x-1-2"));
        assertEquals(Optional.empty(), MessageId.parse("a-b-1"));
    }

    @Test
    void constructorRejectsAnInvalidEpoch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MessageId("K3X", 1));

        assertEquals("invalid message id K3X-1", e.getMessage());
    }

    @Test
    void constructorRejectsANegativeOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MessageId("k3x", -1));

        assertEquals("invalid message id k3x--1", e.getMessage());
    }

    // ---- next and ordering

    @Test
    void nextIsTheFollowingOffsetInTheSameEpoch() {
        assertEquals(new MessageId("k3x", 8), new MessageId("k3x", 7).next());
    }

    @Test
    void nextOfOffsetZeroIsTheFirstMessage() {
        assertEquals("k3x-1", new MessageId("k3x", 0).next().toString());
    }

    @Test
    void idsOfAnEpochAreOrderedByOffsetNotByText() {
        List<MessageId> ids = new ArrayList<>(List.of(
                new MessageId("k3x", 10), new MessageId("k3x", 9), new MessageId("k3x", 100), new MessageId("k3x", 0)));

        ids.sort(null);

        assertEquals(List.of("k3x-0", "k3x-9", "k3x-10", "k3x-100"), ids.stream().map(MessageId::toString).toList());
    }

    @Test
    void compareToReflectsOffsets() {
        MessageId five = new MessageId("k3x", 5);

        assertTrue(five.compareTo(new MessageId("k3x", 6)) < 0);
        assertTrue(five.compareTo(new MessageId("k3x", 4)) > 0);
        assertEquals(0, five.compareTo(new MessageId("k3x", 5)));
        assertTrue(five.compareTo(five.next()) < 0);
    }

    @Test
    void idsOfDifferentEpochsAreNotEqual() {
        assertNotEquals(new MessageId("a", 1), new MessageId("b", 1));
    }
}
