package io.tweestap.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.devicekeys.DeviceKeyPair;
import io.tweestap.events.Topic;
import io.tweestap.events.challenge.ChallengeApproved;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.events.enrollment.DeviceRemoved;
import io.tweestap.testkit.EventPublisher;
import io.tweestap.testkit.OnVertx;
import io.tweestap.testkit.TopicRecords;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The direct channel as a phone sees it: a signed stream, pushes in order, nothing it should not get. */
@QuarkusTest
class DeviceStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI baseUri;

    @Test
    void aConnectedDeviceReceivesTheChallengeWithContextButNoNumber() throws Exception {
        Phone phone = new Phone("acme", "stream-" + UUID.randomUUID()).register().connect(baseUri);
        try (TopicRecords outcomes = TopicRecords.of(Topic.NOTIFICATION.topicName())) {
            ChallengeCreated challenge = Challenges.publishFor(phone);

            JsonNode frame = JSON.readTree(phone.awaitFrame(text -> text.contains(challenge.challengeId())).text());
            assertThat(frame.get("type").asText()).isEqualTo("challenge");
            assertThat(frame.get("application").asText()).isEqualTo("Payroll portal");
            assertThat(frame.get("location").asText()).isEqualTo("Utrecht, NL");
            assertThat(frame.get("ipAddress").asText()).isEqualTo("203.0.113.7");
            assertThat(Instant.parse(frame.get("expiresAt").asText())).isEqualTo(challenge.expiresAt());
            // The server nonce the answer signs comes with the push: the phone answers without asking first.
            assertThat(frame.get("serverNonce").asText()).isEqualTo(challenge.serverNonce());
            assertThat(iterableFieldNames(frame)).containsExactlyInAnyOrder(
                    "pushId", "type", "challengeId", "serverNonce", "purpose", "application", "ipAddress", "location", "expiresAt");

            ConsumerRecord<String, String> delivered = outcomes.await(record -> record.value().contains(challenge.challengeId())
                    && "tweestap.notification.NotificationDelivered.v1".equals(TopicRecords.header(record, "ce_type")),
                    Duration.ofSeconds(20));
            JsonNode event = JSON.readTree(delivered.value());
            assertThat(event.get("channel").asText()).isEqualTo("direct");
            assertThat(event.get("deviceId").asText()).isEqualTo(phone.deviceId);
            assertThat(event.get("latencyMillis").asLong()).isBetween(0L, 20_000L);
        } finally {
            phone.disconnect();
        }
    }

    @Test
    void theDeliveryRepeatsWhetherTheChallengesCreatorAwaitsIt() throws Exception {
        Phone phone = new Phone("acme", "awaited-" + UUID.randomUUID()).register().connect(baseUri);
        try (TopicRecords outcomes = TopicRecords.of(Topic.NOTIFICATION.topicName())) {
            for (Boolean awaited : new Boolean[] {false, true}) {
                ChallengeCreated plain = Challenges.created(phone, Instant.now().plusSeconds(60));
                ChallengeCreated challenge = new ChallengeCreated(plain.tenantId(), plain.userId(), plain.occurredAt(),
                        plain.challengeId(), plain.purpose(), plain.application(), plain.ipAddress(), plain.location(),
                        plain.deviceIds(), plain.expiresAt(), plain.method(), plain.serverNonce(), awaited);
                Challenges.publish(challenge);
                phone.awaitFrame(text -> text.contains(challenge.challengeId()));

                JsonNode event = JSON.readTree(outcomes.await(record -> record.value().contains(challenge.challengeId())
                        && "tweestap.notification.NotificationDelivered.v1".equals(TopicRecords.header(record, "ce_type")),
                        Duration.ofSeconds(20)).value());
                // challenge-service spends no transaction on a delivery whose challenge has no fallback to call off.
                assertThat(event.get("deliveryAwaited").asBoolean()).as("deliveryAwaited of a push created with %s", awaited)
                        .isEqualTo(awaited);
            }
        } finally {
            phone.disconnect();
        }
    }

    @Test
    void streamsThatAreUnsignedWronglySignedStaleOrReplayedAreRefused() {
        Phone phone = new Phone("acme", "refused-" + UUID.randomUUID()).register();
        long now = Instant.now().getEpochSecond();

        assertRefused(phone, Map.of());
        assertRefused(phone, phone.signedHeaders(DeviceKeyPair.generate(), now, UUID.randomUUID().toString()));
        assertRefused(phone, phone.signedHeaders(phone.keys, now - 600, UUID.randomUUID().toString()));
        Phone stranger = new Phone("acme", "refused-" + UUID.randomUUID());
        assertRefused(stranger, stranger.signedHeaders());

        Map<String, String> once = phone.signedHeaders(phone.keys, now, UUID.randomUUID().toString());
        phone.connect(baseUri, once).disconnect();
        assertRefused(phone, once);
    }

    @Test
    void aDisconnectedDeviceGetsWhatItMissedOnReconnectButNothingExpired() throws Exception {
        Phone phone = new Phone("acme", "offline-" + UUID.randomUUID()).register();
        ChallengeCreated expired = Challenges.created(phone, Instant.now().minusSeconds(1));
        ChallengeCreated missed = Challenges.created(phone, Instant.now().plusSeconds(60));
        try (TopicRecords outcomes = TopicRecords.of(Topic.NOTIFICATION.topicName())) {
            Challenges.publish(expired);
            Challenges.publish(missed);
            await().atMost(Duration.ofSeconds(30)).until(() -> pushRows(phone.deviceId) == 2);

            phone.connect(baseUri);
            phone.awaitFrame(text -> text.contains(missed.challengeId()));
            // A live push after the queue: once it is here, everything queued has been written.
            ChallengeCreated live = Challenges.publishFor(phone);
            phone.awaitFrame(text -> text.contains(live.challengeId()));
            assertThat(phone.texts()).noneMatch(text -> text.contains(expired.challengeId()));
            assertThat(phone.texts().indexOf(phone.awaitFrame(text -> text.contains(missed.challengeId())).text()))
                    .isLessThan(phone.texts().indexOf(phone.awaitFrame(text -> text.contains(live.challengeId())).text()));

            ConsumerRecord<String, String> failed = outcomes.await(record -> record.value().contains(expired.challengeId())
                    && "tweestap.notification.NotificationFailed.v1".equals(TopicRecords.header(record, "ce_type")),
                    Duration.ofSeconds(20));
            assertThat(JSON.readTree(failed.value()).get("reason").asText()).isEqualTo("expired-undelivered");
        } finally {
            phone.disconnect();
        }
    }

    @Test
    void theSameChallengeCreatedTwiceIsPushedOnce() {
        Phone phone = new Phone("acme", "twice-" + UUID.randomUUID()).register().connect(baseUri);
        try {
            ChallengeCreated challenge = Challenges.created(phone, Instant.now().plusSeconds(60));
            String eventId = UUID.randomUUID().toString();
            try (EventPublisher publisher = new EventPublisher()) {
                publisher.publish(challenge, eventId, challenge.challengeId());
                publisher.publish(challenge, eventId, challenge.challengeId());
                // A re-publication under a new event id, as a relay crash between ack and delete would give.
                publisher.publish(challenge, UUID.randomUUID().toString(), challenge.challengeId());
            }
            ChallengeCreated marker = Challenges.publishFor(phone);
            phone.awaitFrame(text -> text.contains(marker.challengeId()));

            assertThat(phone.count(text -> text.contains(challenge.challengeId()))).isEqualTo(1);
        } finally {
            phone.disconnect();
        }
    }

    @Test
    void aRemovedDeviceIsDisconnectedRefusedAndSentNothing() throws Exception {
        String user = "removed-" + UUID.randomUUID();
        Phone kept = new Phone("acme", user).register().connect(baseUri);
        Phone removed = new Phone("acme", user).register().connect(baseUri);
        try {
            try (EventPublisher publisher = new EventPublisher()) {
                publisher.publish(new DeviceRemoved("acme", user, Instant.now().truncatedTo(ChronoUnit.MICROS),
                        removed.deviceId, "user-removed"), UUID.randomUUID().toString(), removed.deviceId);
            }
            assertThat(removed.closed.await(20, TimeUnit.SECONDS)).as("the removed device's stream is closed").isTrue();

            ChallengeCreated challenge = Challenges.publishFor(kept);
            kept.awaitFrame(text -> text.contains(challenge.challengeId()));
            assertThat(removed.count(text -> text.contains(challenge.challengeId()))).isZero();
            assertThat(pushRows(removed.deviceId, challenge.challengeId())).isZero();
            assertRefused(removed, removed.signedHeaders());
        } finally {
            kept.disconnect();
            removed.disconnect();
        }
    }

    @Test
    void aChallengeNamingDevicesReachesOnlyThose() {
        String user = "named-" + UUID.randomUUID();
        Phone asked = new Phone("acme", user).register().connect(baseUri);
        Phone other = new Phone("acme", user).register().connect(baseUri);
        try {
            ChallengeCreated challenge = Challenges.publishFor(asked, asked.deviceId);
            asked.awaitFrame(text -> text.contains(challenge.challengeId()));
            ChallengeCreated marker = Challenges.publishFor(other, other.deviceId);
            other.awaitFrame(text -> text.contains(marker.challengeId()));
            assertThat(other.count(text -> text.contains(challenge.challengeId()))).isZero();
        } finally {
            asked.disconnect();
            other.disconnect();
        }
    }

    @Test
    void theUsersOtherDevicesAreToldWhenANewDeviceIsRegistered() throws Exception {
        String user = "notice-" + UUID.randomUUID();
        Phone existing = new Phone("acme", user).register().connect(baseUri);
        try {
            Phone added = new Phone("acme", user).register();

            JsonNode notice = JSON.readTree(existing.awaitFrame(text -> text.contains("new-device")).text());
            assertThat(notice.get("deviceId").asText()).isEqualTo(added.deviceId);
            assertThat(notice.get("deviceName").asText()).isEqualTo("Test phone");
            assertThat(pushRows(added.deviceId)).as("the new device is not told about itself").isZero();
        } finally {
            existing.disconnect();
        }
    }

    @Test
    void anAnsweredChallengeIsTakenOffTheOtherConnectedDevices() throws Exception {
        String user = "answered-" + UUID.randomUUID();
        Phone answering = new Phone("acme", user).register().connect(baseUri);
        Phone other = new Phone("acme", user).register().connect(baseUri);
        try {
            ChallengeCreated challenge = Challenges.publishFor(answering, answering.deviceId, other.deviceId);
            answering.awaitFrame(text -> text.contains(challenge.challengeId()));
            other.awaitFrame(text -> text.contains(challenge.challengeId()));
            try (EventPublisher publisher = new EventPublisher()) {
                publisher.publish(new ChallengeApproved(answering.tenantId, answering.userId, Instant.now().truncatedTo(ChronoUnit.MICROS),
                        challenge.challengeId(), "sign-in", answering.deviceId), UUID.randomUUID().toString(), challenge.challengeId());
            }
            JsonNode closed = JSON.readTree(other.awaitFrame(
                    text -> text.contains("challenge-closed") && text.contains(challenge.challengeId())).text());
            assertThat(closed.get("outcome").asText()).isEqualTo("approved");
            // The answering device had the outcome in its answer's reply: no closing frame, no row for it.
            await().until(() -> PushRows.closed(answering.deviceId, challenge.challengeId()));
            assertThat(pushRows(answering.deviceId, challenge.challengeId())).isEqualTo(1);
            assertThat(answering.count(text -> text.contains("challenge-closed"))).isZero();
        } finally {
            answering.disconnect();
            other.disconnect();
        }
    }

    private void assertRefused(Phone phone, Map<String, String> headers) {
        assertThatThrownBy(() -> phone.connect(baseUri, headers)).hasMessageContaining("401");
    }

    static long pushRows(String deviceId) {
        return OnVertx.<Long>await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT count(*) FROM push WHERE device_id = :device", Long.class)
                .setParameter("device", deviceId).getSingleResult())));
    }

    static long pushRows(String deviceId, String reference) {
        return OnVertx.<Long>await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT count(*) FROM push WHERE device_id = :device AND reference = :reference", Long.class)
                .setParameter("device", deviceId).setParameter("reference", reference).getSingleResult())));
    }

    private static java.util.List<String> iterableFieldNames(JsonNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
