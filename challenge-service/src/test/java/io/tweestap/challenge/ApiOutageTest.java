package io.tweestap.challenge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tweestap.challenge.service.ChallengeOutcomes;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;
import io.tweestap.testkit.DatabaseOutage;
import io.tweestap.testkit.OutageAnswers;
import io.tweestap.testkit.TestTokens;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 4: PostgreSQL away under load. A platform's request is answered at once with a 503
 * problem and Retry-After, readiness goes DOWN, and when the database is back the same request is
 * served and a long-poll is woken by the decision again (the LISTEN connection reconnected by itself).
 */
@QuarkusTest
@QuarkusTestResource(value = DatabaseOutage.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "challenge_test"))
class ApiOutageTest {

    private final SignInPlatform acme = new SignInPlatform("acme");

    @Inject
    ChallengeOutcomes outcomes;

    @Test
    void aRequestWhileTheDatabaseIsAwayIsAQuick503AndTheSameRequestIsServedAfter() {
        OutageAnswers.refusedQuicklyWhileAwayThenServed(ApiOutageTest::policy, 200);
    }

    @Test
    void afterTheOutageALongPollIsWokenByTheDecisionNotByItsTimeout() throws Exception {
        DatabaseOutage.current().begin();
        DatabaseOutage.current().end();
        TestPhone phone = TestPhone.verifiedFor("acme", "outage-" + UUID.randomUUID() + "@acme.example");
        Response created = acme.requestSignIn(phone.userId).then().statusCode(201).extract().response();
        String challengeId = created.path("challengeId");

        CompletableFuture<Response> poll = CompletableFuture.supplyAsync(() -> acme.status(challengeId, 25));
        org.awaitility.Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> !poll.isDone());
        phone.answer(challengeId, Decision.APPROVE, created.path("numberToShow")).then().statusCode(200);

        // Well before the poll's 25 s: only the decision's NOTIFY, on the reconnected LISTEN, ends it this early.
        Response outcome = poll.get(10, TimeUnit.SECONDS);
        assertThat((String) outcome.path("status")).isEqualTo("APPROVED");
    }

    /**
     * Another instance decides while this one's LISTEN connection is cut: the NOTIFY is lost here.
     * When this instance LISTENs again, its waiting long-poll reads the challenge once more and
     * answers at once, not at the end of its 25 s.
     */
    @Test
    void aDecisionNotifiedWhileThisInstanceCouldNotListenStillEndsItsLongPoll() throws Exception {
        TestPhone phone = TestPhone.verifiedFor("acme", "outage-" + UUID.randomUUID() + "@acme.example");
        String challengeId = acme.requestSignIn(phone.userId).then().statusCode(201).extract().path("challengeId");
        CompletableFuture<Response> poll = CompletableFuture.supplyAsync(() -> acme.status(challengeId, 25));
        // Waiting on this instance, past its read of the still pending challenge.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> outcomes.awaiting(UUID.fromString(challengeId)));
        org.awaitility.Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !poll.isDone());

        DatabaseOutage.current().begin();
        try {
            approvedByAnotherInstance(challengeId);
        } finally {
            DatabaseOutage.current().end();
        }

        Response outcome = poll.get(10, TimeUnit.SECONDS);
        assertThat((String) outcome.path("status")).isEqualTo("APPROVED");
    }

    /** Straight to the server, around this application's cut forwarder: the decision commits and NOTIFYs. */
    private static void approvedByAnotherInstance(String challengeId) throws Exception {
        var config = ConfigProvider.getConfig();
        try (Connection db = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
                PreparedStatement approve = db.prepareStatement("UPDATE push_challenge SET status = 'APPROVED',"
                        + " decided_at = now() WHERE id = ?::uuid AND status = 'PENDING'")) {
            approve.setString(1, challengeId);
            assertThat(approve.executeUpdate()).isEqualTo(1);
        }
    }

    private static Response policy() {
        return given().auth().oauth2(TestTokens.forTenant("acme", "challenge:admin")).when().get("/api/v1/challenge-policy");
    }
}
