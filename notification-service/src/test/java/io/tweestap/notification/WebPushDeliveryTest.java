package io.tweestap.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.events.Topic;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.testkit.webpush.PushServiceStandIn;
import io.tweestap.testkit.webpush.PushServiceStandIn.Answer;
import io.tweestap.testkit.webpush.PushServiceStandIn.Received;
import io.tweestap.testkit.webpush.PushServiceStandIn.Subscription;
import io.tweestap.testkit.TopicRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Web Push against a push service stand-in at the network boundary that checks the VAPID token
 * (signature by the published key, aud, exp, sub) and decrypts each message with the browser's
 * keys: the provider's real encryption, signing and HTTP run, and answers of the push service
 * decide delivery, deactivation and retries.
 */
@QuarkusTest
class WebPushDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static PushServiceStandIn pushService;

    /** Started with the first test, once the application answers: it expects the key the service publishes. */
    @BeforeEach
    void startPushService() throws Exception {
        if (pushService == null) {
            String published = given().when().get("/api/v1/web-push/vapid-public-key").then().statusCode(200)
                    .extract().path("publicKey");
            pushService = new PushServiceStandIn(published);
        }
    }

    @AfterAll
    static void stopPushService() {
        if (pushService != null) {
            pushService.close();
            pushService = null;
        }
    }

    @Test
    void aChallengeReachesAWebPushDeviceOnceEncryptedAndSignedWithVapid() throws Exception {
        Phone phone = new Phone("acme", "webpush-" + UUID.randomUUID()).register();
        Subscription subscription = subscribed(phone);
        try (TopicRecords outcomes = TopicRecords.of(Topic.NOTIFICATION.topicName())) {
            ChallengeCreated challenge = Challenges.publishFor(phone);

            JsonNode delivered = Challenges.awaitOutcome(outcomes, Challenges.DELIVERED, challenge);
            assertThat(delivered.get("channel").asText()).isEqualTo("webpush");
            await().atMost(Duration.ofSeconds(10)).until(() -> PushRows.providersDone(phone.deviceId, challenge.challengeId()));
            List<Received> received = pushService.received(subscription);
            assertThat(received).as("sent once").hasSize(1);
            Received push = received.get(0);
            assertThat(push.problem()).isNull();
            JsonNode payload = JSON.readTree(push.payload());
            assertThat(payload.get("type").asText()).isEqualTo("challenge");
            assertThat(payload.get("challengeId").asText()).isEqualTo(challenge.challengeId());
            assertThat(payload.get("application").asText()).isEqualTo("Payroll portal");
            assertThat(payload.hasNonNull("pushId")).isTrue();
            // The nonce the answer signs is in the push (decision 0097); the number to type never is.
            assertThat(payload.get("serverNonce").asText()).isEqualTo(challenge.serverNonce());
            assertThat(push.payload()).doesNotContainIgnoringCase("number");
            assertThat(push.headers()).containsEntry("urgency", "high")
                    .containsEntry("topic", challenge.challengeId().replace("-", ""));
            assertThat(Long.parseLong(push.headers().get("ttl"))).isBetween(1L, 60L);
            assertThat(push.claims().get("aud").asText()).isEqualTo(pushService.origin());
            assertThat(push.claims().get("exp").asLong()).isLessThanOrEqualTo(Instant.now().getEpochSecond() + 24 * 3600);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {404, 410})
    void aGoneSubscriptionDeactivatesTheChannelUntilTheDeviceRegistersAgain(int status) throws Exception {
        Phone phone = new Phone("acme", "webpush-gone-" + UUID.randomUUID()).register();
        Subscription gone = subscribed(phone);
        pushService.script(gone, new Answer(status, null));
        try (TopicRecords outcomes = TopicRecords.of(Topic.NOTIFICATION.topicName())) {
            ChallengeCreated first = Challenges.publishFor(phone);

            JsonNode failed = Challenges.awaitOutcome(outcomes, Challenges.FAILED, first);
            assertThat(failed.get("channel").asText()).isEqualTo("webpush");
            assertThat(failed.get("reason").asText()).isEqualTo("invalid-token");
            assertThat(WebPushCalls.channel(phone.deviceId)).singleElement().asString().startsWith("false:");
            assertThat(pushService.received(gone)).as("not retried").hasSize(1);

            ChallengeCreated second = Challenges.publishFor(phone);
            await().atMost(Duration.ofSeconds(10)).until(() -> PushRows.providersDone(phone.deviceId, second.challengeId()));
            assertThat(pushService.received(gone)).as("a deactivated channel is not used").hasSize(1);

            Subscription renewed = subscribed(phone);
            ChallengeCreated third = Challenges.publishFor(phone);
            assertThat(Challenges.awaitOutcome(outcomes, Challenges.DELIVERED, third).get("channel").asText()).isEqualTo("webpush");
            assertThat(pushService.received(renewed)).hasSize(1);
            assertThat(pushService.received(gone)).hasSize(1);
        }
    }

    @Test
    void tooManyRequestsIsRetriedNoSoonerThanRetryAfter() throws Exception {
        Phone phone = new Phone("acme", "webpush-429-" + UUID.randomUUID()).register();
        Subscription subscription = subscribed(phone);
        pushService.script(subscription, new Answer(429, "1"));
        try (TopicRecords outcomes = TopicRecords.of(Topic.NOTIFICATION.topicName())) {
            ChallengeCreated challenge = Challenges.publishFor(phone);

            assertThat(Challenges.awaitOutcome(outcomes, Challenges.DELIVERED, challenge).get("channel").asText()).isEqualTo("webpush");
            List<Received> received = pushService.received(subscription);
            assertThat(received).extracting(Received::answered).containsExactly(429, 201);
            assertThat(Duration.ofNanos(received.get(1).nanos() - received.get(0).nanos())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void aServerErrorIsRetriedWithBackOff() throws Exception {
        Phone phone = new Phone("acme", "webpush-503-" + UUID.randomUUID()).register();
        Subscription subscription = subscribed(phone);
        pushService.script(subscription, new Answer(503, null), new Answer(500, null));
        try (TopicRecords outcomes = TopicRecords.of(Topic.NOTIFICATION.topicName())) {
            ChallengeCreated challenge = Challenges.publishFor(phone);

            assertThat(Challenges.awaitOutcome(outcomes, Challenges.DELIVERED, challenge).get("channel").asText()).isEqualTo("webpush");
            assertThat(pushService.received(subscription)).extracting(Received::answered).containsExactly(503, 500, 201);
        }
    }

    @Test
    void aRetryAfterLongerThanTheBackOffLimitEndsTheAttempts() throws Exception {
        Phone phone = new Phone("acme", "webpush-slow-" + UUID.randomUUID()).register();
        Subscription subscription = subscribed(phone);
        pushService.script(subscription, new Answer(429, "120"));
        try (TopicRecords outcomes = TopicRecords.of(Topic.NOTIFICATION.topicName())) {
            ChallengeCreated challenge = Challenges.publishFor(phone);

            JsonNode failed = Challenges.awaitOutcome(outcomes, Challenges.FAILED, challenge);
            assertThat(failed.get("reason").asText()).startsWith("unavailable: status 429");
            assertThat(pushService.received(subscription)).as("not sooner than the push service allows").hasSize(1);
            assertThat(WebPushCalls.channel(phone.deviceId)).singleElement().asString().startsWith("true:");
        }
    }

    @Test
    void anotherClientErrorIsFinalAndKeepsTheChannel() throws Exception {
        Phone phone = new Phone("acme", "webpush-413-" + UUID.randomUUID()).register();
        Subscription subscription = subscribed(phone);
        pushService.script(subscription, new Answer(413, null));
        try (TopicRecords outcomes = TopicRecords.of(Topic.NOTIFICATION.topicName())) {
            ChallengeCreated challenge = Challenges.publishFor(phone);

            assertThat(Challenges.awaitOutcome(outcomes, Challenges.FAILED, challenge).get("reason").asText())
                    .isEqualTo("rejected: status 413");
            assertThat(pushService.received(subscription)).hasSize(1);
            assertThat(WebPushCalls.channel(phone.deviceId)).singleElement().asString().startsWith("true:");
        }
    }

    @Test
    void theSetupTestPushReachesTheUnverifiedDeviceBeingSetUp() throws Exception {
        Phone phone = new Phone("acme", "webpush-setup-" + UUID.randomUUID()).registerUnverified();
        Subscription subscription = subscribed(phone);
        try (TopicRecords outcomes = TopicRecords.of(Topic.NOTIFICATION.topicName())) {
            ChallengeCreated test = Challenges.testPush(phone);
            Challenges.publish(test);

            Challenges.awaitOutcome(outcomes, Challenges.DELIVERED, test);
            JsonNode payload = JSON.readTree(pushService.received(subscription).get(0).payload());
            assertThat(payload.get("purpose").asText()).isEqualTo("ENROLLMENT_TEST");
            assertThat(payload.get("challengeId").asText()).isEqualTo(test.challengeId());
        }
    }

    private static Subscription subscribed(Phone phone) {
        Subscription subscription = pushService.subscribe();
        WebPushCalls.put(phone, subscription.json()).then().statusCode(204);
        return subscription;
    }
}
