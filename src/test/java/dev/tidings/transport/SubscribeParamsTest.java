package dev.tidings.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.TidingsException;
import dev.tidings.spi.MessageId;
import dev.tidings.spi.SubscribeRequest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubscribeParamsTest {
    private static final String ID_HINT = "': send an id received from this channel (<epoch>-<offset>, e.g. mwr9x0sxi1-42)";
    private static final Optional<String> NONE = Optional.empty();

    private static TidingsException rejectedId(String lastEventId) {
        return assertThrows(TidingsException.class, () -> SubscribeParams.parse(Optional.of(lastEventId), NONE));
    }

    private static TidingsException rejectedReplay(String replay) {
        return assertThrows(TidingsException.class, () -> SubscribeParams.parse(NONE, Optional.of(replay)));
    }

    private static int replay(String text) {
        return SubscribeParams.parse(NONE, Optional.of(text)).replay();
    }

    /** Nothing a client sent may reach an error message (and so a response or a log line) unprintable. */
    private static void assertPrintable(String message) {
        assertTrue(message.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "printable ASCII only: " + message);
    }

    // ---- resume id

    @Test
    void noParametersMeanFresh() {
        assertEquals(SubscribeRequest.fresh(), SubscribeParams.parse(NONE, NONE));
    }

    @Test
    void emptyParametersMeanFresh() {
        assertEquals(SubscribeRequest.fresh(), SubscribeParams.parse(Optional.of(""), Optional.of("")));
    }

    @Test
    void validIdIsTheResumePosition() {
        assertEquals(new SubscribeRequest(Optional.of(new MessageId("mwr9x0sxi1", 42)), 0, Optional.empty()),
                SubscribeParams.parse(Optional.of("mwr9x0sxi1-42"), NONE));
    }

    @Test
    void idAtOffsetZeroIsAResumePosition() {
        assertEquals(Optional.of(new MessageId("k3x", 0)), SubscribeParams.parse(Optional.of("k3x-0"), NONE).resumeFrom());
    }

    @Test
    void malformedIdIsABadRequestNamingItAndTheExpectedForm() {
        TidingsException e = rejectedId("not-an-id!");

        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals("invalid Last-Event-ID 'not-an-id!" + ID_HINT, e.getMessage());
    }

    @Test
    void idOfAnotherFormatIsABadRequest() {
        TidingsException e = rejectedId("1700000000000");

        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals("invalid Last-Event-ID '1700000000000" + ID_HINT, e.getMessage());
    }

    @Test
    void idOf300CharactersIsABadRequestQuotingOnlyItsStart() {
        TidingsException e = rejectedId("a".repeat(300));

        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals("invalid Last-Event-ID '" + "a".repeat(40) + "..." + ID_HINT, e.getMessage());
    }

    @Test
    void wellFormedLookingIdOf300CharactersIsABadRequest() {
        String id = "k3x-" + "1".repeat(296);

        TidingsException e = rejectedId(id);

        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals("invalid Last-Event-ID '" + id.substring(0, 40) + "..." + ID_HINT, e.getMessage());
    }

    @Test
    void idOfExactly40CharactersIsQuotedWhole() {
        String id = "x".repeat(40);

        assertEquals("invalid Last-Event-ID '" + id + ID_HINT, rejectedId(id).getMessage());
    }

    @Test
    void controlCharactersOfAnIdAreNeverEchoed() {
        TidingsException e = rejectedId("k3x-5\r\nSet-Cookie: a=b\u0000\u001b[31m\u007f");

        assertEquals("invalid Last-Event-ID 'k3x-5??Set-Cookie: a=b??[31m?" + ID_HINT, e.getMessage());
        assertPrintable(e.getMessage());
    }

    @Test
    void nonAsciiCharactersOfAnIdAreShownAsQuestionMarks() {
        TidingsException e = rejectedId("k3x-\u0665\u00e9\ud83d\ude00");

        assertEquals("invalid Last-Event-ID 'k3x-???" + ID_HINT, e.getMessage());
        assertPrintable(e.getMessage());
    }

    @Test
    void longIdOfControlCharactersIsTruncatedAndPrintable() {
        TidingsException e = rejectedId("\n".repeat(300));

        assertEquals("invalid Last-Event-ID '" + "?".repeat(40) + "..." + ID_HINT, e.getMessage());
        assertPrintable(e.getMessage());
    }

    @Test
    void idWithSurroundingWhitespaceIsABadRequest() {
        assertEquals("invalid Last-Event-ID ' k3x-5 " + ID_HINT, rejectedId(" k3x-5 ").getMessage());
    }

    // ---- replay

    @Test
    void replayZeroIsNone() {
        assertEquals(0, replay("0"));
    }

    @Test
    void replayFive() {
        assertEquals(new SubscribeRequest(Optional.empty(), 5, Optional.empty()), SubscribeParams.parse(NONE, Optional.of("5")));
    }

    @Test
    void replayOfTheMaximumIsAccepted() {
        assertEquals(100_000, replay("100000"));
        assertEquals(100_000, SubscribeParams.MAX_REPLAY);
    }

    @Test
    void negativeReplayIsABadRequest() {
        TidingsException e = rejectedReplay("-1");

        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals("invalid replay '-1': a number of messages from 0 to 100000", e.getMessage());
    }

    @Test
    void replayAboveTheMaximumIsABadRequest() {
        TidingsException e = rejectedReplay("100001");

        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals("invalid replay '100001': a number of messages from 0 to 100000", e.getMessage());
    }

    @Test
    void replayThatIsNotANumberIsABadRequest() {
        TidingsException e = rejectedReplay("abc");

        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals("invalid replay 'abc': a number of messages from 0 to 100000", e.getMessage());
    }

    @Test
    void replayBeyondTheIntRangeIsABadRequest() {
        assertEquals("invalid replay '99999999999': a number of messages from 0 to 100000",
                rejectedReplay("99999999999").getMessage());
    }

    @Test
    void replayWithControlCharactersIsABadRequestWithAPrintableMessage() {
        TidingsException e = rejectedReplay("5\r\nX: y");

        assertEquals("invalid replay '5??X: y': a number of messages from 0 to 100000", e.getMessage());
        assertPrintable(e.getMessage());
    }

    // ---- both

    @Test
    void idAndReplayAreBothKept() {
        assertEquals(new SubscribeRequest(Optional.of(new MessageId("k3x", 5)), 7, Optional.empty()),
                SubscribeParams.parse(Optional.of("k3x-5"), Optional.of("7")));
    }

    @Test
    void invalidIdIsReportedEvenWithAValidReplay() {
        TidingsException e = assertThrows(TidingsException.class,
                () -> SubscribeParams.parse(Optional.of("nope"), Optional.of("5")));

        assertEquals("invalid Last-Event-ID 'nope" + ID_HINT, e.getMessage());
    }
}
