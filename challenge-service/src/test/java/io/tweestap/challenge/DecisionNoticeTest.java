package io.tweestap.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tweestap.challenge.service.ChallengeOutcomes;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Decision 0108: a long-poll woken by a decision answers from the decision's notice, the row the
 * deciding UPDATE wrote, without reading the challenge again; its answer is the one a plain read gives.
 */
@QuarkusTest
class DecisionNoticeTest {

    private final SignInPlatform acme = new SignInPlatform("acme");

    @Inject
    ChallengeOutcomes outcomes;

    @Test
    void aLongPollWokenByTheApprovalAnswersWhatAPlainReadAnswers() throws Exception {
        TestPhone phone = TestPhone.verifiedFor("acme", "notice-" + UUID.randomUUID() + "@acme.example");
        Response created = acme.requestSignIn(phone.userId).then().statusCode(201).extract().response();
        String challengeId = created.path("challengeId");
        CompletableFuture<Response> poll = waitingLongPoll(challengeId);

        phone.answer(challengeId, Decision.APPROVE, created.path("numberToShow")).then().statusCode(200);

        Map<String, Object> woken = poll.get(10, TimeUnit.SECONDS).then().statusCode(200).extract().jsonPath().getMap("");
        assertThat(woken).containsEntry("status", "APPROVED").containsEntry("decidedBy", "PUSH");
        assertThat(woken).isEqualTo(acme.status(challengeId, 0).then().statusCode(200).extract().jsonPath().getMap(""));
    }

    /**
     * The probe: the deciding UPDATE and, after it in the same transaction, a change of the
     * application's name. The notice holds the row as the decision wrote it, so the woken long-poll
     * shows the old name, where reading the challenge again would show the new one.
     */
    @Test
    void theWokenLongPollDoesNotReadTheChallengeAgain() throws Exception {
        TestPhone phone = TestPhone.verifiedFor("acme", "notice-" + UUID.randomUUID() + "@acme.example");
        String challengeId = acme.requestSignIn(phone.userId).then().statusCode(201).extract().path("challengeId");
        CompletableFuture<Response> poll = waitingLongPoll(challengeId);

        var config = ConfigProvider.getConfig();
        try (Connection db = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class))) {
            db.setAutoCommit(false);
            try (PreparedStatement deny = db.prepareStatement("UPDATE push_challenge SET status = 'DENIED', reason = 'USER_DENIED',"
                    + " decided_at = now() WHERE id = ?::uuid AND status = 'PENDING'");
                    PreparedStatement rename = db.prepareStatement("UPDATE push_challenge SET application = 'renamed after the decision'"
                            + " WHERE id = ?::uuid")) {
                deny.setString(1, challengeId);
                assertThat(deny.executeUpdate()).isEqualTo(1);
                rename.setString(1, challengeId);
                assertThat(rename.executeUpdate()).isEqualTo(1);
            }
            db.commit();
        }

        Response woken = poll.get(10, TimeUnit.SECONDS);
        assertThat((String) woken.path("status")).isEqualTo("DENIED");
        assertThat((String) woken.path("application")).isNotEqualTo("renamed after the decision");
        assertThat((String) acme.status(challengeId, 0).path("application")).isEqualTo("renamed after the decision");
    }

    /** A long-poll of 25 s, waiting on this instance past its first read of the pending challenge. */
    private CompletableFuture<Response> waitingLongPoll(String challengeId) {
        CompletableFuture<Response> poll = CompletableFuture.supplyAsync(() -> acme.status(challengeId, 25));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> outcomes.awaiting(UUID.fromString(challengeId)));
        Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> !poll.isDone());
        return poll;
    }
}
