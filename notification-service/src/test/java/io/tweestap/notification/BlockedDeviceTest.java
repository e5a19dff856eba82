package io.tweestap.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.events.Topic;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.events.enrollment.DeviceBlocked;
import io.tweestap.events.enrollment.DeviceUnblocked;
import io.tweestap.events.enrollment.PushChannel;
import io.tweestap.testkit.EventPublisher;
import io.tweestap.testkit.OnVertx;
import io.tweestap.testkit.TopicRecords;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A device an administrator blocked (DeviceBlocked) loses its stream, may not open another and gets
 * no push rows; its provider channels stay, so DeviceUnblocked brings its pushes back (decision 0089).
 */
@QuarkusTest
class BlockedDeviceTest {

    @TestHTTPResource("/")
    URI baseUri;

    @Test
    void aBlockedDeviceIsDisconnectedRefusedAndSentNothingUntilUnblocked() {
        String user = "blocked-" + UUID.randomUUID();
        Phone kept = new Phone("acme", user).register().connect(baseUri);
        Phone blocked = new Phone("acme", user).register().connect(baseUri);
        try {
            block(blocked, now());
            assertThat(awaitClosed(blocked)).as("the blocked device's stream is closed").isTrue();

            ChallengeCreated challenge = Challenges.publishFor(kept);
            kept.awaitFrame(text -> text.contains(challenge.challengeId()));
            ChallengeCreated named = Challenges.publishFor(kept, blocked.deviceId);
            ChallengeCreated marker = Challenges.publishFor(kept, kept.deviceId);
            kept.awaitFrame(text -> text.contains(marker.challengeId()));
            assertThat(DeviceStreamTest.pushRows(blocked.deviceId)).isZero();
            assertThat(DeviceStreamTest.pushRows(blocked.deviceId, named.challengeId())).isZero();
            assertThatThrownBy(() -> blocked.connect(baseUri, blocked.signedHeaders())).hasMessageContaining("401");

            unblock(blocked, now());
            blocked.disconnect();
            blocked.connect(baseUri);
            ChallengeCreated after = Challenges.publishFor(kept);
            blocked.awaitFrame(text -> text.contains(after.challengeId()));
        } finally {
            kept.disconnect();
            blocked.disconnect();
        }
    }

    @Test
    void aBlockedDevicesProviderChannelIsKeptAndUsedAgainAfterTheUnblock() throws Exception {
        String token = "fcm-" + UUID.randomUUID();
        Phone phone = new Phone("acme", "blocked-fcm-" + UUID.randomUUID()).register(new PushChannel("fcm", token));
        block(phone, now());

        Phone other = new Phone("acme", phone.userId).register();

        ChallengeCreated whileBlocked = Challenges.publishFor(phone, phone.deviceId);
        ChallengeCreated toAll = Challenges.publishFor(phone);
        // The last one went through the same partition and consumer after the others: all of them are applied.
        ChallengeCreated marker = Challenges.publishFor(other, other.deviceId);
        await().atMost(Duration.ofSeconds(20)).until(() -> handled(marker.challengeId()));
        assertThat(DeviceStreamTest.pushRows(other.deviceId, toAll.challengeId())).isEqualTo(1);
        assertThat(DeviceStreamTest.pushRows(phone.deviceId)).isZero();
        assertThat(PushProviderStandIns.received("fcm", token)).isEmpty();
        assertThat(phone.activeChannels()).containsExactly("fcm:" + token);

        unblock(phone, now());
        try (TopicRecords outcomes = TopicRecords.of(Topic.NOTIFICATION.topicName())) {
            ChallengeCreated challenge = Challenges.publishFor(phone, phone.deviceId);
            assertThat(Challenges.awaitOutcome(outcomes, Challenges.DELIVERED, challenge).get("channel").asText())
                    .isEqualTo("fcm");
        }
        assertThat(DeviceStreamTest.pushRows(phone.deviceId, whileBlocked.challengeId())).isZero();
    }

    @Test
    void anOlderBlockArrivingAfterANewerUnblockChangesNothing() {
        Phone phone = new Phone("acme", "replayed-" + UUID.randomUUID()).register();
        Instant blockedAt = now().minusSeconds(60);
        block(phone, blockedAt);
        unblock(phone, blockedAt.plusSeconds(30));

        publish(new DeviceBlocked(phone.tenantId, phone.userId, blockedAt, phone.deviceId, "admin", "admin@acme.example"), phone);
        ChallengeCreated marker = Challenges.publishFor(phone);
        await().atMost(Duration.ofSeconds(20)).until(() -> DeviceStreamTest.pushRows(phone.deviceId, marker.challengeId()) == 1);
        assertThat(blockedInDirectory(phone)).isFalse();
    }

    private static void block(Phone phone, Instant at) {
        publish(new DeviceBlocked(phone.tenantId, phone.userId, at, phone.deviceId, "lost", "admin@acme.example"), phone);
        await().atMost(Duration.ofSeconds(30)).until(() -> blockedInDirectory(phone));
    }

    private static void unblock(Phone phone, Instant at) {
        publish(new DeviceUnblocked(phone.tenantId, phone.userId, at, phone.deviceId, "admin@acme.example"), phone);
        await().atMost(Duration.ofSeconds(30)).until(() -> !blockedInDirectory(phone));
    }

    private static void publish(io.tweestap.events.TweestapEvent event, Phone phone) {
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(event, UUID.randomUUID().toString(), phone.deviceId);
        }
    }

    private static boolean awaitClosed(Phone phone) {
        try {
            return phone.closed.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean blockedInDirectory(Phone phone) {
        return OnVertx.<Boolean>await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT coalesce(bool_or(blocked_at IS NOT NULL), false) FROM device WHERE device_id = :id",
                        Boolean.class)
                .setParameter("id", phone.deviceId).getSingleResult())));
    }

    /** Whether the challenge's push rows were written. */
    private static boolean handled(String challengeId) {
        return OnVertx.<Long>await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT count(*) FROM push WHERE reference = :reference", Long.class)
                .setParameter("reference", challengeId).getSingleResult()))) > 0;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
