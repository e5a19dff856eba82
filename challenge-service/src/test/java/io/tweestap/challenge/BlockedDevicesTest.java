package io.tweestap.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tweestap.challenge.domain.KnownDevice;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;
import io.tweestap.events.Topic;
import io.tweestap.testkit.OnVertx;
import io.tweestap.testkit.TopicRecords;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A device an administrator blocked (DeviceBlocked) gets no challenges, lists none and cannot answer;
 * DeviceUnblocked gives it back; a block older than the last change applied changes nothing (decision 0089).
 */
@QuarkusTest
class BlockedDevicesTest {

    private static final String CANCELLED = "tweestap.challenge.ChallengeCancelled.v1";

    private final SignInPlatform acme = new SignInPlatform("acme");

    @Test
    void aBlockedDeviceIsNotAskedAndWhenItWasTheOnlyOneTheSignInIsRefusedUntilUnblocked() {
        TestPhone phone = TestPhone.verifiedFor("acme", newUser()).block();

        acme.requestSignIn(phone.userId).then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/no-active-device"));

        phone.unblock();
        Response signIn = acme.requestSignIn(phone.userId).then().statusCode(201).extract().response();
        phone.answer(signIn.path("challengeId"), Decision.APPROVE, signIn.path("numberToShow")).then().statusCode(200)
                .body("status", equalTo("APPROVED"));
    }

    @Test
    void aSignInGoesOnlyToTheUsersOtherDevices() {
        String user = newUser();
        TestPhone blocked = TestPhone.verifiedFor("acme", user).block();
        TestPhone other = TestPhone.verifiedFor("acme", user);

        Response signIn = acme.requestSignIn(user).then().statusCode(201).extract().response();
        String challengeId = signIn.path("challengeId");

        blocked.listPending().then().statusCode(200).body("$", hasSize(0));
        other.serverNonceOf(challengeId);
        try (TopicRecords topic = TopicRecords.of(Topic.CHALLENGE.topicName())) {
            ConsumerRecord<String, String> created = topic.await(r -> challengeId.equals(TopicRecords.header(r, "ce_subject"))
                    && "tweestap.challenge.ChallengeCreated.v1".equals(TopicRecords.header(r, "ce_type")), Duration.ofSeconds(20));
            assertThat(created.value()).contains(other.deviceId).doesNotContain(blocked.deviceId);
        }
    }

    @Test
    void aTestPushToABlockedDeviceIsRefused() {
        TestPhone phone = TestPhone.registeredFor("acme", newUser()).block();

        acme.create(Map.of("userId", phone.userId, "purpose", "ENROLLMENT_TEST", "deviceId", phone.deviceId))
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/device-blocked"));
    }

    @Test
    void anAnswerFromADeviceBlockedAfterTheChallengeWentOutIsRefusedAfterItsSignature() {
        String user = newUser();
        TestPhone phone = TestPhone.verifiedFor("acme", user);
        TestPhone other = TestPhone.verifiedFor("acme", user);
        Response signIn = acme.requestSignIn(user).then().statusCode(201).extract().response();
        String challengeId = signIn.path("challengeId");
        String number = signIn.path("numberToShow");
        String nonce = phone.serverNonceOf(challengeId);

        phone.block();

        phone.listPending().then().statusCode(200).body("$", hasSize(0));
        // A wrong signature is still a wrong signature: only the device itself learns that it is blocked.
        phone.sendAnswer(challengeId, Decision.APPROVE, number, other.signAnswer(challengeId, nonce, Decision.APPROVE, number))
                .then().statusCode(401);
        phone.sendAnswer(challengeId, Decision.APPROVE, number, phone.signAnswer(challengeId, nonce, Decision.APPROVE, number))
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/device-blocked"));
        // The other device was asked too: the challenge stays open for it.
        acme.status(challengeId, 0).then().body("status", equalTo("PENDING"));
        other.answer(challengeId, Decision.APPROVE, number).then().statusCode(200).body("status", equalTo("APPROVED"));
    }

    @Test
    void aPendingSignInOnlyTheBlockedDeviceWasAskedIsCancelled() {
        TestPhone phone = TestPhone.verifiedFor("acme", newUser());
        String challengeId = acme.requestSignIn(phone.userId).then().statusCode(201).extract().path("challengeId");

        try (TopicRecords topic = TopicRecords.of(Topic.CHALLENGE.topicName())) {
            phone.block();
            topic.await(r -> challengeId.equals(TopicRecords.header(r, "ce_subject"))
                    && CANCELLED.equals(TopicRecords.header(r, "ce_type")), Duration.ofSeconds(20));
        }
        acme.status(challengeId, 0).then().body("status", equalTo("CANCELLED"));
        // The user may sign in again at once: nothing is left pending.
        phone.unblock();
        acme.requestSignIn(phone.userId).then().statusCode(201);
    }

    @Test
    void anOlderBlockArrivingAfterANewerUnblockChangesNothing() {
        TestPhone phone = TestPhone.verifiedFor("acme", newUser());
        Instant blockedAt = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        phone.publishBlocked(blockedAt);
        phone.awaitBlocked(true);
        phone.publishUnblocked(blockedAt.plusSeconds(30));
        phone.awaitBlocked(false);

        phone.publishBlocked(blockedAt);
        // A marker applied after the replay on the same partition: by then the replay has been applied (or skipped).
        TestPhone marker = TestPhone.verifiedFor("acme", phone.userId);
        assertThat(device(phone).isBlocked()).isFalse();
        assertThat(device(phone).blockChangedAt).isEqualTo(blockedAt.plusSeconds(30));

        Response signIn = acme.requestSignIn(phone.userId).then().statusCode(201).extract().response();
        phone.answer(signIn.path("challengeId"), Decision.APPROVE, signIn.path("numberToShow")).then().statusCode(200);
        marker.listPending().then().statusCode(200);
    }

    private static KnownDevice device(TestPhone phone) {
        return OnVertx.await(() -> Panache.withSession(() -> KnownDevice.<KnownDevice>findById(phone.deviceId)));
    }

    private static String newUser() {
        return "blocked-" + UUID.randomUUID() + "@acme.example";
    }
}
