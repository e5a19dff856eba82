package io.tweestap.authenticator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A challenge frame with its server nonce is a request ready to answer; anything else is not. */
class PushFrameTest {

    private static PushFrame read(String json) throws Exception {
        return Json.MAPPER.readValue(json, PushFrame.class);
    }

    @Test
    void aChallengeWithItsServerNonceIsAnswerableFromThePushAlone() throws Exception {
        PushFrame frame = read("""
                {"pushId":"p1","type":"challenge","challengeId":"c1","serverNonce":"n1","purpose":"SIGN_IN",
                 "application":"Payroll","ipAddress":"203.0.113.7","location":"Utrecht, NL","expiresAt":"2026-12-03T09:00:00Z"}""");

        assertThat(frame.request()).contains(new SignInRequest("c1", "n1", "SIGN_IN", "Payroll", "203.0.113.7",
                "Utrecht, NL", Instant.parse("2026-12-03T09:00:00Z")));
    }

    @Test
    void aChallengeWithoutItIsLookedUpAndOtherFramesAreNoRequest() throws Exception {
        assertThat(read("""
                {"pushId":"p1","type":"challenge","challengeId":"c1","purpose":"SIGN_IN","expiresAt":"2026-12-03T09:00:00Z"}""")
                .request()).isEmpty();
        assertThat(read("""
                {"pushId":"p2","type":"challenge-closed","challengeId":"c1","serverNonce":"n1","outcome":"approved"}""")
                .request()).isEmpty();
    }
}
