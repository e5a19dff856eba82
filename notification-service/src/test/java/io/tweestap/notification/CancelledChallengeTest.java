package io.tweestap.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.notification.config.NotificationSettings;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A sign-in the platform cancels (ChallengeCancelled) comes off the phone: its pushes stop (no
 * stream re-send, no provider send), a device on its stream gets a {@code challenge-closed} frame
 * with outcome {@code cancelled}, and a device that connects later is not shown the challenge.
 * Test settings: ack timeout 2 s, sweep 1 s (decision 0014).
 */
@QuarkusTest
class CancelledChallengeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI baseUri;

    @Inject
    NotificationSettings settings;

    @Test
    void aDeviceOnItsStreamIsToldOfTheCancelAndTheChallengeIsNotWrittenAgain() throws Exception {
        // An app that never acks would get the challenge frame again after the ack timeout, were it still open.
        Phone phone = new Phone("acme", "cancel-live-" + UUID.randomUUID()).register().neverAcking().connect(baseUri);
        try {
            ChallengeCreated challenge = Challenges.publishFor(phone);
            phone.awaitFrame(challengeFrame(challenge));
            Challenges.cancel(challenge);

            JsonNode closed = JSON.readTree(phone.awaitFrame(closingFrame(challenge)).text());
            assertThat(closed.get("outcome").asText()).isEqualTo("cancelled");
            assertThat(closed.get("pushId").asText()).isNotBlank();
            long copies = phone.count(challengeFrame(challenge));
            await().during(quietWindow()).atMost(quietWindow().plusSeconds(5))
                    .until(() -> phone.count(challengeFrame(challenge)) == copies);
            assertThat(phone.count(closingFrame(challenge))).isEqualTo(1);
        } finally {
            phone.disconnect();
        }
    }

    @Test
    void aDeviceThatReconnectsAfterTheCancelGetsTheClosingFrameAndNotTheChallenge() throws Exception {
        Phone phone = new Phone("acme", "cancel-reconnect-" + UUID.randomUUID()).register().neverAcking().connect(baseUri);
        try {
            ChallengeCreated challenge = Challenges.publishFor(phone);
            phone.awaitFrame(challengeFrame(challenge));
            // Read but never acknowledged: on an open challenge, a reconnect would write it again.
            phone.disconnect();
            Challenges.cancel(challenge);
            await().atMost(Duration.ofSeconds(30)).until(() -> PushRows.closed(phone.deviceId, challenge.challengeId()));
            long before = phone.count(challengeFrame(challenge));

            phone.acknowledging().connect(baseUri);
            // The queue is written oldest first: the challenge, were it due, would come before its closing frame.
            phone.awaitFrame(closingFrame(challenge));
            assertThat(phone.count(challengeFrame(challenge))).isEqualTo(before);
            await().during(quietWindow()).atMost(quietWindow().plusSeconds(5))
                    .until(() -> phone.count(challengeFrame(challenge)) == before);
        } finally {
            phone.disconnect();
        }
    }

    @Test
    void aDeviceOfflineDuringTheWholeChallengeIsNeverShownIt() throws Exception {
        Phone phone = new Phone("acme", "cancel-offline-" + UUID.randomUUID()).register();
        try {
            ChallengeCreated challenge = Challenges.publishFor(phone);
            Challenges.cancel(challenge);
            await().atMost(Duration.ofSeconds(30)).until(() -> PushRows.closed(phone.deviceId, challenge.challengeId()));

            phone.connect(baseUri);
            // A live push after the queue: once it is here, everything queued has been written.
            ChallengeCreated marker = Challenges.publishFor(phone);
            phone.awaitFrame(challengeFrame(marker));
            assertThat(phone.count(challengeFrame(challenge))).isZero();
        } finally {
            phone.disconnect();
        }
    }

    private static Predicate<String> challengeFrame(ChallengeCreated challenge) {
        return text -> text.contains("\"type\":\"challenge\"") && text.contains(challenge.challengeId());
    }

    private static Predicate<String> closingFrame(ChallengeCreated challenge) {
        return text -> text.contains("\"type\":\"challenge-closed\"") && text.contains(challenge.challengeId());
    }

    /** Two ack timeouts and a sweep: long enough for a re-send that should not come to have come. */
    private Duration quietWindow() {
        return settings.streamAckTimeout().multipliedBy(2).plus(settings.sweepInterval());
    }
}
