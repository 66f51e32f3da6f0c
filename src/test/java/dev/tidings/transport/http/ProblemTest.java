package dev.tidings.transport.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tidings.api.ErrorCode;
import dev.tidings.api.TidingsException;
import dev.tidings.api.UnknownChannelException;
import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void jsonBodyCarriesTypeTitleStatusCodeAndDetail() {
        Problem problem = new Problem(ErrorCode.PAYLOAD_TOO_LARGE, "body larger than 64 bytes");

        assertEquals("{\"type\":\"urn:tidings:problem:payload-too-large\",\"title\":\"payload-too-large\","
                + "\"status\":413,\"code\":\"payload-too-large\",\"detail\":\"body larger than 64 bytes\"}", problem.json());
    }

    @Test
    void unknownChannelProblemFromTheException() {
        Problem problem = Problem.of(new UnknownChannelException("prices"));

        assertEquals(404, problem.status());
        assertEquals("{\"type\":\"urn:tidings:problem:unknown-channel\",\"title\":\"unknown-channel\","
                + "\"status\":404,\"code\":\"unknown-channel\",\"detail\":\"unknown channel 'prices': declare it with "
                + "tidings.channels.prices.store=latest|queue|history\"}", problem.json());
    }

    @Test
    void problemOfAnExceptionKeepsItsCodeAndMessage() {
        Problem problem = Problem.of(new TidingsException(ErrorCode.UNAUTHORIZED, "send a token"));

        assertEquals(new Problem(ErrorCode.UNAUTHORIZED, "send a token"), problem);
        assertEquals(401, problem.status());
    }

    @Test
    void detailIsJsonEscaped() {
        Problem problem = new Problem(ErrorCode.BAD_REQUEST, "bad \"x\"\\\n");

        assertEquals("{\"type\":\"urn:tidings:problem:bad-request\",\"title\":\"bad-request\","
                + "\"status\":400,\"code\":\"bad-request\",\"detail\":\"bad \\\"x\\\"\\\\\\n\"}", problem.json());
    }

    @Test
    void mediaTypeIsProblemJson() {
        assertEquals("application/problem+json", Problem.MEDIA_TYPE);
    }

    @Test
    void statusFollowsTheErrorCode() {
        assertEquals(400, new Problem(ErrorCode.BAD_REQUEST, "x").status());
        assertEquals(403, new Problem(ErrorCode.PUBLISH_DISABLED, "x").status());
        assertEquals(415, new Problem(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "x").status());
        assertEquals(503, new Problem(ErrorCode.SLOW_CONSUMER, "x").status());
    }
}
