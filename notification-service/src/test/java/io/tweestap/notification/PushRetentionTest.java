package io.tweestap.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.events.Topic;
import io.tweestap.events.challenge.ChallengeApproved;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.notification.config.NotificationSettings;
import io.tweestap.notification.delivery.PushRetention;
import io.tweestap.notification.stream.RequestNonces;
import io.tweestap.testkit.EventPublisher;
import io.tweestap.testkit.OnVertx;
import io.tweestap.testkit.TopicRecords;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Push rows are deleted once they have been expired for {@code retention.pushes} (7 days), in
 * batches; rows still open, expired more recently, or still to be reported are kept. Used stream
 * nonces are deleted once stale (decision 0015).
 */
@QuarkusTest
class PushRetentionTest {

    @TestHTTPResource("/")
    URI baseUri;

    @Inject
    PushRetention retention;

    @Inject
    RequestNonces nonces;

    @Inject
    NotificationSettings settings;

    @Test
    void pushesExpiredLongerThanTheRetentionAreDeletedInBatchesAndTheOthersKept() {
        Phone phone = new Phone("acme", "retention-" + UUID.randomUUID()).register().connect(baseUri);
        try {
            List<ChallengeCreated> old = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                old.add(delivered(phone));
            }
            // A closing frame of an old challenge goes with it.
            approve(old.get(0));
            await().atMost(Duration.ofSeconds(30)).until(() -> DeviceStreamTest.pushRows(phone.deviceId, old.get(0).challengeId()) == 2);
            ChallengeCreated recent = delivered(phone);
            ChallengeCreated open = delivered(phone);
            Duration age = settings.retention().pushes();
            old.forEach(challenge -> PushRows.expiredAgo(phone.deviceId, challenge.challengeId(), age.plusHours(1)));
            PushRows.expiredAgo(phone.deviceId, recent.challengeId(), age.minusHours(1));

            // A batch of 2: four old rows take two full batches and an empty one. What counts is the rows
            // left, not how many this call deleted: the scheduled purge in this application may take some.
            retention.purge(age, 2).await().atMost(Duration.ofSeconds(30));

            // A scheduled batch still in flight held some rows locked (skipped here): it commits at once.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> old.forEach(challenge -> assertThat(
                    DeviceStreamTest.pushRows(phone.deviceId, challenge.challengeId())).as("expired longer than the retention").isZero()));
            assertThat(DeviceStreamTest.pushRows(phone.deviceId, recent.challengeId())).as("expired, within the retention").isEqualTo(1);
            assertThat(DeviceStreamTest.pushRows(phone.deviceId, open.challengeId())).as("not expired").isEqualTo(1);
        } finally {
            phone.disconnect();
        }
    }

    @Test
    void aChallengePushThatExpiredUndeliveredIsKeptUntilTheSweepReportedIt() throws Exception {
        Phone offline = new Phone("acme", "retention-unreported-" + UUID.randomUUID()).register();
        try (TopicRecords outcomes = TopicRecords.of(Topic.NOTIFICATION.topicName())) {
            ChallengeCreated challenge = Challenges.publishFor(offline);
            await().atMost(Duration.ofSeconds(30)).until(() -> DeviceStreamTest.pushRows(offline.deviceId, challenge.challengeId()) == 1);
            PushRows.expiredAgo(offline.deviceId, challenge.challengeId(), settings.retention().pushes().plusHours(1));

            // Racing the sweep: whichever comes first, the row is not deleted before its report.
            retention.purge(settings.retention().pushes(), 100).await().atMost(Duration.ofSeconds(30));
            assertThat(Challenges.awaitOutcome(outcomes, Challenges.FAILED, challenge).get("reason").asText())
                    .isEqualTo("expired-undelivered");

            retention.purge(settings.retention().pushes(), 100).await().atMost(Duration.ofSeconds(30));
            assertThat(DeviceStreamTest.pushRows(offline.deviceId, challenge.challengeId())).as("reported, then deleted").isZero();
        }
    }

    @Test
    void staleStreamNoncesAreForgottenAndFreshOnesKept() {
        String device = "nonces-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            insertNonce(device, "stale-" + i, "now() - interval '6 minutes'");
        }
        insertNonce(device, "fresh", "now() + interval '5 minutes'");
        // Past its window by the database's clock a minute ago: an instance whose clock runs behind
        // still takes its timestamp as fresh, so the nonce must stay to refuse a replay there.
        insertNonce(device, "just-expired", "now() - interval '1 minute'");

        nonces.forgetExpired().await().atMost(Duration.ofSeconds(30));

        assertThat(nonceCount(device)).isEqualTo(2);
    }

    private ChallengeCreated delivered(Phone phone) {
        ChallengeCreated challenge = Challenges.publishFor(phone);
        phone.awaitFrame(text -> text.contains(challenge.challengeId()));
        return challenge;
    }

    private static void approve(ChallengeCreated challenge) {
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new ChallengeApproved(challenge.tenantId(), challenge.userId(), Instant.now().truncatedTo(ChronoUnit.MICROS),
                    challenge.challengeId(), "sign-in", null), UUID.randomUUID().toString(), challenge.challengeId());
        }
    }

    private static void insertNonce(String device, String nonce, String expiresAt) {
        OnVertx.<Integer>await(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("INSERT INTO device_request_nonce (device_id, nonce, expires_at) VALUES (:device, :nonce, "
                        + expiresAt + ")")
                .setParameter("device", device).setParameter("nonce", nonce).executeUpdate())));
    }

    private static long nonceCount(String device) {
        return OnVertx.<Long>await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT count(*) FROM device_request_nonce WHERE device_id = :device", Long.class)
                .setParameter("device", device).getSingleResult())));
    }
}
