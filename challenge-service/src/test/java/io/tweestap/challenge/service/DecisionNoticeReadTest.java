package io.tweestap.challenge.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tweestap.challenge.domain.ChallengeStatus;
import io.tweestap.challenge.domain.PushChallenge;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The notice as PostgreSQL's json_build_object writes it (timestamps with their offset) becomes the challenge, for its own tenant only. */
class DecisionNoticeReadTest {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final UUID ID = UUID.fromString("6f1c3a52-27a4-4c36-9a55-0b7c2f3e8d11");
    private static final String APPROVED = "{\"id\" : \"" + ID + "\", \"tenantId\" : \"acme\", \"userId\" : \"jan@acme.example\","
            + " \"purpose\" : \"SIGN_IN\", \"method\" : \"PUSH\", \"status\" : \"APPROVED\", \"application\" : \"Payroll\","
            + " \"createdAt\" : \"2026-12-04T23:30:00.123456+00:00\", \"expiresAt\" : \"2026-12-04T23:31:00.123456+00:00\","
            + " \"decidedAt\" : \"2026-12-05T00:30:05.5+01:00\", \"decidedBy\" : \"device-1\", \"reason\" : null,"
            + " \"decidedMethod\" : \"PUSH\", \"fallbackMethod\" : null}";

    @Test
    void theRowBecomesTheChallengeForItsTenant() {
        PushChallenge challenge = DecisionNotice.parse(JSON, APPROVED).orElseThrow().challengeFor("acme").orElseThrow();

        assertThat(challenge.id).isEqualTo(ID);
        assertThat(challenge.status).isEqualTo(ChallengeStatus.APPROVED);
        assertThat(challenge.userId).isEqualTo("jan@acme.example");
        assertThat(challenge.createdAt).isEqualTo(Instant.parse("2026-12-04T23:30:00.123456Z"));
        assertThat(challenge.decidedAt).isEqualTo(Instant.parse("2026-12-04T23:30:05.5Z"));
        assertThat(challenge.decidedBy).isEqualTo("device-1");
        assertThat(challenge.decidedMethod).isEqualTo("PUSH");
        assertThat(challenge.reason).isNull();
    }

    @Test
    void anotherTenantGetsNothingFromIt() {
        assertThat(DecisionNotice.parse(JSON, APPROVED).orElseThrow().challengeFor("umbrella")).isEmpty();
    }

    @Test
    void aNoticeWithOnlyTheIdWakesTheWaiterToReadAgain() {
        DecisionNotice notice = DecisionNotice.parse(JSON, "{\"id\" : \"" + ID + "\"}").orElseThrow();

        assertThat(notice.id()).isEqualTo(ID);
        assertThat(notice.challengeFor("acme")).isEmpty();
    }

    @Test
    void somethingElseIsNoNotice() {
        assertThat(DecisionNotice.parse(JSON, ID.toString())).isEmpty();
        assertThat(DecisionNotice.parse(JSON, "{\"status\":\"APPROVED\"}")).isEmpty();
        assertThat(DecisionNotice.parse(JSON, "{\"id\":\"not-a-uuid\"}")).isEmpty();
    }
}
