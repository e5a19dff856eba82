package io.tweestap.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.events.Topic;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.events.enrollment.PushChannel;
import io.tweestap.testkit.OnVertx;
import io.tweestap.testkit.TopicRecords;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * APNs through Pushy against Pushy's MockApnsServer and FCM HTTP v1 against a local stand-in:
 * the real client code runs, only Apple and Google are replaced, at the network boundary.
 */
@QuarkusTest
class ProviderDeliveryTest {

    @Test
    void apnsDeliversTheChallengeThroughTheMockServer() throws Exception {
        String token = apnsToken("a");
        Phone phone = new Phone("acme", "apns-" + UUID.randomUUID()).register(new PushChannel("apns", token));
        try (TopicRecords outcomes = TopicRecords.of(Topic.NOTIFICATION.topicName())) {
            ChallengeCreated challenge = Challenges.publishFor(phone);

            JsonNode delivered = Challenges.awaitOutcome(outcomes, Challenges.DELIVERED, challenge);
            assertThat(delivered.get("channel").asText()).isEqualTo("apns");
            assertThat(delivered.get("deviceId").asText()).isEqualTo(phone.deviceId);
            JsonNode pushes = PushProviderStandIns.received("apns", token);
            assertThat(pushes).hasSize(1);
            JsonNode data = pushes.get(0).get("tweestap");
            assertThat(data.get("challengeId").asText()).isEqualTo(challenge.challengeId());
            assertThat(data.get("application").asText()).isEqualTo("Payroll portal");
            assertThat(pushes.get(0).get("aps").get("alert").get("body").asText()).contains("Payroll portal");
            await().atMost(Duration.ofSeconds(10)).until(() -> PushRows.providersDone(phone.deviceId, challenge.challengeId()));
        }
    }

    @Test
    void anApnsInvalidTokenAnswerDeactivatesThatChannel() throws Exception {
        String token = apnsToken("bad");
        Phone phone = new Phone("acme", "apns-bad-" + UUID.randomUUID()).register(new PushChannel("apns", token));
        try (TopicRecords outcomes = TopicRecords.of(Topic.NOTIFICATION.topicName())) {
            ChallengeCreated challenge = Challenges.publishFor(phone);

            JsonNode failed = Challenges.awaitOutcome(outcomes, Challenges.FAILED, challenge);
            assertThat(failed.get("channel").asText()).isEqualTo("apns");
            assertThat(failed.get("reason").asText()).isEqualTo("invalid-token");
            assertThat(channelActive(phone.deviceId, "apns")).isFalse();
            assertThat(PushProviderStandIns.received("apns", token)).isEmpty();
            await().atMost(Duration.ofSeconds(10)).alias("a refusal concludes the send too")
                    .until(() -> PushRows.providersDone(phone.deviceId, challenge.challengeId()));
        }
    }

    @Test
    void fcmDeliversTheChallengeAsDataWithAnAccessToken() throws Exception {
        String token = "fcm-" + UUID.randomUUID();
        Phone phone = new Phone("acme", "fcm-" + UUID.randomUUID()).register(new PushChannel("fcm", token));
        try (TopicRecords outcomes = TopicRecords.of(Topic.NOTIFICATION.topicName())) {
            ChallengeCreated challenge = Challenges.publishFor(phone);

            assertThat(Challenges.awaitOutcome(outcomes, Challenges.DELIVERED, challenge).get("channel").asText()).isEqualTo("fcm");
            JsonNode requests = PushProviderStandIns.received("fcm", token);
            assertThat(requests).hasSize(1);
            JsonNode message = requests.get(0).get("message");
            assertThat(message.get("data").get("challengeId").asText()).isEqualTo(challenge.challengeId());
            assertThat(message.get("data").get("location").asText()).isEqualTo("Utrecht, NL");
            assertThat(message.get("android").get("priority").asText()).isEqualTo("HIGH");
        }
    }

    @Test
    void anFcmServerErrorIsRetriedAndThenDelivered() throws Exception {
        String token = "unavailable-once-" + UUID.randomUUID();
        Phone phone = new Phone("acme", "fcm-retry-" + UUID.randomUUID()).register(new PushChannel("fcm", token));
        try (TopicRecords outcomes = TopicRecords.of(Topic.NOTIFICATION.topicName())) {
            ChallengeCreated challenge = Challenges.publishFor(phone);

            assertThat(Challenges.awaitOutcome(outcomes, Challenges.DELIVERED, challenge).get("channel").asText()).isEqualTo("fcm");
            assertThat(PushProviderStandIns.received("fcm", token)).as("one 503, then the successful retry").hasSize(2);
            assertThat(outcomes.seen()).noneMatch(record -> record.value().contains(challenge.challengeId())
                    && Challenges.FAILED.equals(TopicRecords.header(record, "ce_type")));
        }
    }

    @Test
    void anFcmUnregisteredTokenDeactivatesThatChannel() throws Exception {
        String token = "unregistered-" + UUID.randomUUID();
        Phone phone = new Phone("acme", "fcm-gone-" + UUID.randomUUID()).register(new PushChannel("fcm", token));
        try (TopicRecords outcomes = TopicRecords.of(Topic.NOTIFICATION.topicName())) {
            ChallengeCreated challenge = Challenges.publishFor(phone);

            assertThat(Challenges.awaitOutcome(outcomes, Challenges.FAILED, challenge).get("reason").asText()).isEqualTo("invalid-token");
            assertThat(channelActive(phone.deviceId, "fcm")).isFalse();
            assertThat(PushProviderStandIns.received("fcm", token)).as("not retried").hasSize(1);
        }
    }

    private static Boolean channelActive(String deviceId, String kind) {
        return OnVertx.<Boolean>await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT active FROM device_channel WHERE device_id = :device AND kind = :kind", Boolean.class)
                .setParameter("device", deviceId).setParameter("kind", kind).getSingleResult())));
    }

    /** APNs tokens are hex; the stand-in refuses those starting with "bad". */
    private static String apnsToken(String prefix) {
        byte[] random = new byte[32];
        ThreadLocalRandom.current().nextBytes(random);
        String hex = HexFormat.of().formatHex(random);
        return prefix + hex.substring(prefix.length());
    }
}
