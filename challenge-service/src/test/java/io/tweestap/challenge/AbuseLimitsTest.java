package io.tweestap.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tweestap.challenge.service.ChallengeRetention;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;
import io.tweestap.testkit.OnVertx;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The abuse rules beyond the per-window sign-in limit (decision 0048): setup test pushes are
 * counted and held by a fraud block; sign-in pushes stop after ten since the last approved sign-in,
 * also once the old challenges are purged.
 */
@QuarkusTest
class AbuseLimitsTest {

    private final SignInPlatform acme = new SignInPlatform("acme");

    @Inject
    ChallengeRetention retention;

    @Test
    void setupTestPushesAreCountedAndLimited() {
        TestPhone phone = TestPhone.registeredFor("acme", newUser());
        for (int i = 0; i < 5; i++) {
            requestTest(phone).then().statusCode(201);
        }
        requestTest(phone).then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("https://tweestap.io/problems/push-limit"));
    }

    @Test
    void aFraudBlockHoldsSetupTestPushesUntilUnblocked() {
        String user = newUser();
        TestPhone phone = TestPhone.verifiedFor("acme", user);
        String challengeId = acme.requestSignIn(user).then().statusCode(201).extract().path("challengeId");
        phone.answer(challengeId, Decision.REPORT_FRAUD, null).then().statusCode(200);

        TestPhone another = TestPhone.registeredFor("acme", user);
        requestTest(another).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/pushes-blocked"));

        acme.unblock(user).then().statusCode(200).body("wasBlocked", equalTo(true));
        requestTest(another).then().statusCode(201);
    }

    @Test
    void tenSignInPushesWithoutAnApprovalStopPushesUntilAnAdministratorUnblocks() {
        TestPhone phone = TestPhone.verifiedFor("acme", newUser());
        for (int i = 0; i < 10; i++) {
            pushAndCancelOutsideTheWindow(phone);
        }
        acme.requestSignIn(phone.userId).then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.nullValue())
                .body("type", equalTo("https://tweestap.io/problems/unanswered-push-limit"));

        // The count is the user's, not a count over challenges: purging them changes nothing.
        int purged = OnVertx.await(() -> retention.purgeDecidedChallenges(Instant.now().plusSeconds(1)));
        assertThat(purged).isGreaterThanOrEqualTo(10);
        acme.requestSignIn(phone.userId).then().statusCode(429)
                .body("type", equalTo("https://tweestap.io/problems/unanswered-push-limit"));

        acme.unblock(phone.userId).then().statusCode(200).body("wasBlocked", equalTo(true));
        acme.requestSignIn(phone.userId).then().statusCode(201);
    }

    @Test
    void anApprovedSignInStartsTheCountAgain() {
        TestPhone phone = TestPhone.verifiedFor("acme", newUser());
        for (int i = 0; i < 9; i++) {
            pushAndCancelOutsideTheWindow(phone);
        }
        Response tenth = acme.requestSignIn(phone.userId).then().statusCode(201).extract().response();
        phone.answer(tenth.path("challengeId"), Decision.APPROVE, tenth.path("numberToShow")).then()
                .body("status", equalTo("APPROVED"));
        ageChallenges(phone.userId);
        for (int i = 0; i < 10; i++) {
            pushAndCancelOutsideTheWindow(phone);
        }
        acme.requestSignIn(phone.userId).then().statusCode(429)
                .body("type", equalTo("https://tweestap.io/problems/unanswered-push-limit"));
    }

    @Test
    void aFraudBlockOutlivesThePurgeOfTheReportedChallenge() {
        TestPhone phone = TestPhone.verifiedFor("acme", newUser());
        String challengeId = acme.requestSignIn(phone.userId).then().statusCode(201).extract().path("challengeId");
        phone.answer(challengeId, Decision.REPORT_FRAUD, null).then().statusCode(200);

        OnVertx.await(() -> retention.purgeDecidedChallenges(Instant.now().plusSeconds(1)));
        acme.status(challengeId, 0).then().statusCode(404);
        acme.requestSignIn(phone.userId).then().statusCode(409)
                .body("type", equalTo("https://tweestap.io/problems/pushes-blocked"));
    }

    /** A sign-in push nobody answered, then moved out of the per-window limit as if time passed. */
    private void pushAndCancelOutsideTheWindow(TestPhone phone) {
        String id = acme.requestSignIn(phone.userId).then().statusCode(201).extract().path("challengeId");
        acme.cancel(id).then().statusCode(200);
        ageChallenges(phone.userId);
    }

    private static void ageChallenges(String userId) {
        OnVertx.await(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("UPDATE push_challenge SET created_at = created_at - interval '1 hour' WHERE user_id = :user")
                .setParameter("user", userId)
                .executeUpdate())));
    }

    private Response requestTest(TestPhone phone) {
        return acme.create(Map.of("userId", phone.userId, "purpose", "ENROLLMENT_TEST", "deviceId", phone.deviceId,
                "application", "Tweestap setup"));
    }

    private static String newUser() {
        return "abuse-" + UUID.randomUUID() + "@acme.example";
    }
}
