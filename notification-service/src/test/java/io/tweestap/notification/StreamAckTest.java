package io.tweestap.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.events.Topic;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.notification.config.NotificationSettings;
import io.tweestap.testkit.TopicRecords;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The device acknowledges each stream frame by its push id; a challenge frame it never acknowledged
 * (lost with a dying connection, or read by an app older than acks) is written again after
 * {@code stream-ack-timeout} on the open stream and on the next connect, at most
 * {@code stream-resend-limit} times (decision 0013). Test settings: timeout 2 s, sweep 1 s, limit 3.
 */
@QuarkusTest
class StreamAckTest {

    @TestHTTPResource("/")
    URI baseUri;

    @Inject
    NotificationSettings settings;

    @Inject
    Pool pool;

    @Test
    void aChallengeFrameNeverAcknowledgedIsWrittenAgainOnTheOpenStreamABoundedNumberOfTimes() throws Exception {
        Phone phone = new Phone("acme", "never-acks-" + UUID.randomUUID()).register().neverAcking().connect(baseUri);
        try (TopicRecords outcomes = TopicRecords.of(Topic.NOTIFICATION.topicName())) {
            ChallengeCreated challenge = Challenges.publishFor(phone);
            Predicate<String> itsFrame = frameOf(challenge);
            String pushId = Phone.pushId(phone.awaitFrame(itsFrame).text());
            int times = 1 + settings.streamResendLimit();

            await().atMost(Duration.ofSeconds(30)).until(() -> phone.count(itsFrame) == times);
            assertThat(phone.frames).filteredOn(frame -> itsFrame.test(frame.text()))
                    .allMatch(frame -> pushId.equals(Phone.pushId(frame.text())), "every copy carries the same push id");
            // Through two more ack timeouts and sweeps the limit holds.
            await().during(quietWindow()).atMost(quietWindow().plusSeconds(5)).until(() ->
                    phone.count(itsFrame) == times && !PushRows.directAcked(phone.deviceId, challenge.challengeId()));

            Challenges.awaitOutcome(outcomes, Challenges.DELIVERED, challenge);
            assertThat(outcomes.seen()).as("delivered is the first write; a re-send publishes nothing more")
                    .filteredOn(record -> Challenges.DELIVERED.equals(TopicRecords.header(record, "ce_type"))
                            && record.value().contains(challenge.challengeId()))
                    .hasSize(1);
        } finally {
            phone.disconnect();
        }
    }

    @Test
    void aFrameLostWithTheConnectionIsWrittenAgainOnReconnectUntilAcknowledged() throws Exception {
        Phone phone = new Phone("acme", "lost-frame-" + UUID.randomUUID()).register().neverAcking().connect(baseUri);
        try {
            ChallengeCreated challenge = Challenges.publishFor(phone);
            Predicate<String> itsFrame = frameOf(challenge);
            phone.awaitFrame(itsFrame);
            // The frame was written, then the connection died before the app read it.
            phone.disconnect();
            long beforeReconnect = phone.count(itsFrame);

            phone.acknowledging().connect(baseUri);
            await().atMost(Duration.ofSeconds(10)).until(() -> phone.count(itsFrame) == beforeReconnect + 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> PushRows.directAcked(phone.deviceId, challenge.challengeId()));

            // Acknowledged on the new stream: not written again through two ack timeouts and sweeps.
            await().during(quietWindow()).atMost(quietWindow().plusSeconds(5))
                    .until(() -> phone.count(itsFrame) == beforeReconnect + 1);
        } finally {
            phone.disconnect();
        }
    }

    @Test
    void aDeviceThatAcknowledgesGetsTheFrameOnce() throws Exception {
        Phone phone = new Phone("acme", "acks-" + UUID.randomUUID()).register().connect(baseUri);
        try {
            ChallengeCreated challenge = Challenges.publishFor(phone);
            phone.awaitFrame(frameOf(challenge));
            await().atMost(Duration.ofSeconds(10)).until(() -> PushRows.directAcked(phone.deviceId, challenge.challengeId()));

            await().during(quietWindow()).atMost(quietWindow().plusSeconds(5))
                    .until(() -> phone.count(frameOf(challenge)) == 1);
        } finally {
            phone.disconnect();
        }
    }

    @Test
    void acksOfManyDevicesArrivingTogetherAreAllRecorded() throws Exception {
        // Acks are written in batches (FrameAcks): every ack of a batch lands on its own row.
        java.util.List<Phone> phones = new java.util.ArrayList<>();
        java.util.List<ChallengeCreated> challenges = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                phones.add(new Phone("acme", "batch-acks-" + i + "-" + UUID.randomUUID()).register().connect(baseUri));
            }
            for (Phone phone : phones) {
                challenges.add(Challenges.publishFor(phone));
            }
            for (int i = 0; i < phones.size(); i++) {
                phones.get(i).awaitFrame(frameOf(challenges.get(i)));
            }
            for (int i = 0; i < phones.size(); i++) {
                Phone phone = phones.get(i);
                String challengeId = challenges.get(i).challengeId();
                await().atMost(Duration.ofSeconds(10)).until(() -> PushRows.directAcked(phone.deviceId, challengeId));
            }
            await().during(quietWindow()).atMost(quietWindow().plusSeconds(5)).until(() -> {
                for (int i = 0; i < phones.size(); i++) {
                    if (phones.get(i).count(frameOf(challenges.get(i))) != 1) {
                        return false;
                    }
                }
                return true;
            });
        } finally {
            phones.forEach(Phone::disconnect);
        }
    }

    /**
     * An ack batch never waits for a push row another transaction holds (the frame's own write not yet
     * committed, an inbox transaction closing the challenge): it records the others at once and tries
     * the held one again with the next batch. Waiting, it kept the rows it had already marked locked,
     * and an inbox transaction wanting one of them in another order deadlocked with it for a second.
     */
    @Test
    void anAckOfARowAnotherTransactionHoldsWaitsForNextBatchWithoutHoldingUpTheOthers() throws Exception {
        Phone held = new Phone("acme", "held-row-" + UUID.randomUUID()).register().neverAcking().connect(baseUri);
        Phone free = new Phone("acme", "free-row-" + UUID.randomUUID()).register().neverAcking().connect(baseUri);
        try {
            ChallengeCreated heldChallenge = Challenges.publishFor(held);
            ChallengeCreated freeChallenge = Challenges.publishFor(free);
            String heldPush = Phone.pushId(held.awaitFrame(frameOf(heldChallenge)).text());
            String freePush = Phone.pushId(free.awaitFrame(frameOf(freeChallenge)).text());

            SqlConnection other = pool.getConnectionAndAwait();
            try {
                Transaction transaction = other.beginAndAwait();
                other.preparedQuery("SELECT id FROM push WHERE id = $1 FOR UPDATE")
                        .executeAndAwait(Tuple.of(UUID.fromString(heldPush)));
                // Within one gather window: one batch with both.
                held.ack(heldPush);
                free.ack(freePush);

                await().atMost(Duration.ofSeconds(5)).until(() -> PushRows.directAcked(free.deviceId, freeChallenge.challengeId()));
                assertThat(PushRows.directAcked(held.deviceId, heldChallenge.challengeId())).isFalse();
                transaction.commitAndAwait();
            } finally {
                other.closeAndAwait();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> PushRows.directAcked(held.deviceId, heldChallenge.challengeId()));
        } finally {
            held.disconnect();
            free.disconnect();
        }
    }

    @Test
    void anAckForAnotherDevicesPushChangesNothing() throws Exception {
        String user = "two-phones-" + UUID.randomUUID();
        Phone silent = new Phone("acme", user).register().neverAcking().connect(baseUri);
        Phone other = new Phone("acme", user).register().connect(baseUri);
        try {
            ChallengeCreated challenge = Challenges.publishFor(silent, silent.deviceId, other.deviceId);
            Predicate<String> itsFrame = frameOf(challenge);
            String silentsPush = Phone.pushId(silent.awaitFrame(itsFrame).text());
            other.awaitFrame(itsFrame);

            // The other device (its own authenticated stream) claims to have read the silent one's frame.
            other.ack(silentsPush);
            other.ack("not-a-push-id");
            other.ack(UUID.randomUUID().toString());

            await().atMost(Duration.ofSeconds(20)).until(() -> silent.count(itsFrame) >= 2);
            assertThat(PushRows.directAcked(silent.deviceId, challenge.challengeId())).isFalse();
            assertThat(PushRows.directAcked(other.deviceId, challenge.challengeId())).isTrue();
            assertThat(other.count(itsFrame)).isEqualTo(1);
        } finally {
            silent.disconnect();
            other.disconnect();
        }
    }

    private static Predicate<String> frameOf(ChallengeCreated challenge) {
        return text -> text.contains("\"type\":\"challenge\"") && text.contains(challenge.challengeId());
    }

    /** Two ack timeouts and a sweep: long enough for a frame that should not come again to have come. */
    private Duration quietWindow() {
        return settings.streamAckTimeout().multipliedBy(2).plus(settings.sweepInterval());
    }
}
