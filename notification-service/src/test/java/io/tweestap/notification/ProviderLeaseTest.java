package io.tweestap.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.events.Topic;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.events.enrollment.PushChannel;
import io.tweestap.notification.config.NotificationSettings;
import io.tweestap.testkit.TopicRecords;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An instance that dies between claiming a push for APNs / FCM and the provider's answer leaves
 * the row claimed and never concluded. The sweep takes such a row over once the claim is older
 * than the lease and sends it through the FCM stand-in; a claim still within the lease (its
 * instance may be sending) and a concluded row are left alone.
 */
@QuarkusTest
class ProviderLeaseTest {

    @Inject
    NotificationSettings settings;

    @Test
    void aSendClaimedByAnInstanceThatDiedIsSentOnceAfterTheLease() throws Exception {
        try (TopicRecords outcomes = TopicRecords.of(Topic.NOTIFICATION.topicName())) {
            Unsent orphan = claimedButNeverSent("orphan");
            PushRows.stageProviderClaim(orphan.phone.deviceId, orphan.challenge.challengeId(), olderThanTheLease(), false);

            JsonNode delivered = Challenges.awaitOutcome(outcomes, Challenges.DELIVERED, orphan.challenge);
            assertThat(delivered.get("channel").asText()).isEqualTo("fcm");
            assertThat(delivered.get("deviceId").asText()).isEqualTo(orphan.phone.deviceId);
            JsonNode sent = PushProviderStandIns.received("fcm", orphan.token);
            assertThat(sent).hasSize(1);
            assertThat(sent.get(0).get("message").get("data").get("challengeId").asText())
                    .isEqualTo(orphan.challenge.challengeId());
            await().atMost(Duration.ofSeconds(10)).until(() -> PushRows.providersDone(orphan.phone.deviceId,
                    orphan.challenge.challengeId()));
            assertThat(PushRows.providerClaimAgeSeconds(orphan.phone.deviceId, orphan.challenge.challengeId()))
                    .as("the sweep renewed the claim it took over").isLessThan(settings.providerLease().toSeconds());

            await().during(threeSweeps()).atMost(threeSweeps().plusSeconds(5))
                    .until(() -> PushProviderStandIns.received("fcm", orphan.token).size() == 1);
        }
    }

    @Test
    void aClaimWithinTheLeaseOrAConcludedOneIsNotSentAgain() throws Exception {
        try (TopicRecords outcomes = TopicRecords.of(Topic.NOTIFICATION.topicName())) {
            Unsent inFlight = claimedButNeverSent("in-flight");
            Unsent concluded = claimedButNeverSent("concluded");
            Unsent orphan = claimedButNeverSent("control");
            PushRows.stageProviderClaim(inFlight.phone.deviceId, inFlight.challenge.challengeId(), Duration.ofSeconds(1), false);
            PushRows.stageProviderClaim(concluded.phone.deviceId, concluded.challenge.challengeId(), olderThanTheLease(), true);
            PushRows.stageProviderClaim(orphan.phone.deviceId, orphan.challenge.challengeId(), olderThanTheLease(), false);

            // The sweep that takes the orphan over has seen the other two rows as well.
            Challenges.awaitOutcome(outcomes, Challenges.DELIVERED, orphan.challenge);
            await().during(threeSweeps()).atMost(threeSweeps().plusSeconds(5))
                    .until(() -> PushProviderStandIns.received("fcm", inFlight.token).isEmpty()
                            && PushProviderStandIns.received("fcm", concluded.token).isEmpty());
            assertThat(PushRows.providersDone(inFlight.phone.deviceId, inFlight.challenge.challengeId()))
                    .as("left to the instance that holds the claim").isFalse();
        }
    }

    @Test
    void aCancelledChallengeIsNotSentToTheProvidersAfterwards() throws Exception {
        try (TopicRecords outcomes = TopicRecords.of(Topic.NOTIFICATION.topicName())) {
            Unsent cancelled = claimedButNeverSent("cancelled");
            Unsent orphan = claimedButNeverSent("cancel-control");
            Challenges.cancel(cancelled.challenge);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> PushRows.closed(cancelled.phone.deviceId, cancelled.challenge.challengeId()));
            PushRows.stageProviderClaim(cancelled.phone.deviceId, cancelled.challenge.challengeId(), olderThanTheLease(), false);
            PushRows.stageProviderClaim(orphan.phone.deviceId, orphan.challenge.challengeId(), olderThanTheLease(), false);

            // The sweep that takes the open orphan over has seen the cancelled row as well.
            Challenges.awaitOutcome(outcomes, Challenges.DELIVERED, orphan.challenge);
            await().during(threeSweeps()).atMost(threeSweeps().plusSeconds(5))
                    .until(() -> PushProviderStandIns.received("fcm", cancelled.token).isEmpty());
        }
    }

    private record Unsent(Phone phone, ChallengeCreated challenge, String token) {
    }

    /**
     * A phone with an FCM channel and a pending challenge push the FCM stand-in has not received.
     * The push is claimed the moment it is created; the phone reports its FCM token only after that
     * (a re-registration, as after a token refresh), so the claim sent nothing and the test can
     * then put the claim in whatever state an instance left it.
     */
    private Unsent claimedButNeverSent(String label) throws Exception {
        String token = "lease-" + label + "-" + UUID.randomUUID();
        Phone phone = new Phone("acme", "lease-" + label + "-" + UUID.randomUUID()).register();
        ChallengeCreated challenge = Challenges.publishFor(phone);
        await().atMost(Duration.ofSeconds(30)).alias("no provider channel: concluded at once")
                .until(() -> PushRows.providersDone(phone.deviceId, challenge.challengeId()));
        phone.register(new PushChannel("fcm", token));
        assertThat(PushProviderStandIns.received("fcm", token)).isEmpty();
        return new Unsent(phone, challenge, token);
    }

    private Duration olderThanTheLease() {
        return settings.providerLease().plusSeconds(5);
    }

    private Duration threeSweeps() {
        return settings.sweepInterval().multipliedBy(3);
    }
}
