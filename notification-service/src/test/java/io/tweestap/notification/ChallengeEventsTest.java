package io.tweestap.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.events.Topic;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.testkit.EventPublisher;
import io.tweestap.testkit.OnVertx;
import io.tweestap.testkit.TopicRecords;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Poison challenge events are parked on the dead-letter topic and pushes carry on behind them; SMS
 * sign-ins push nothing; the challenges of one poll share one inbox transaction (decision 0118).
 */
@QuarkusTest
class ChallengeEventsTest {

    @TestHTTPResource("/")
    URI baseUri;

    @Inject
    MeterRegistry registry;

    @Test
    void poisonChallengeEventsAreDeadLetteredAndDeliveryCarriesOn() {
        Phone phone = new Phone("acme", "poison-" + UUID.randomUUID()).register().connect(baseUri);
        String brokenJson = UUID.randomUUID().toString();
        String noChallengeId = UUID.randomUUID().toString();
        try (EventPublisher publisher = new EventPublisher();
                TopicRecords deadLetters = TopicRecords.of(Topic.CHALLENGE.deadLetterTopicName())) {
            publisher.publishRaw(Topic.CHALLENGE.topicName(), phone.tenantId + ":" + phone.userId, brokenJson,
                    "tweestap.challenge.ChallengeCreated.v1", "{\"tenantId\": ");
            publisher.publish(new ChallengeCreated(phone.tenantId, phone.userId, Instant.now(), null, "sign-in", "Payroll portal",
                    "203.0.113.7", "Utrecht, NL", List.of(), Instant.now().plusSeconds(60), ChallengeCreated.PUSH), noChallengeId, "none");
            ChallengeCreated good = Challenges.publishFor(phone);

            phone.awaitFrame(text -> text.contains(good.challengeId()));
            ConsumerRecord<String, String> parked = deadLetters.await(
                    record -> noChallengeId.equals(TopicRecords.header(record, "ce_id")), Duration.ofSeconds(20));
            assertThat(TopicRecords.header(parked, "dead-letter-reason")).contains("challengeId");
            deadLetters.await(record -> brokenJson.equals(TopicRecords.header(record, "ce_id")), Duration.ofSeconds(20));
        } finally {
            phone.disconnect();
        }
    }

    /**
     * An SMS sign-in's creation (method SMS) asks nothing of the devices: even one naming the device
     * pushes nothing, while the push behind it on the same partition reaches the phone.
     */
    @Test
    void anSmsSignInsCreationPushesNothing() {
        Phone phone = new Phone("acme", "sms-" + UUID.randomUUID()).register().connect(baseUri);
        try (EventPublisher publisher = new EventPublisher()) {
            ChallengeCreated sms = new ChallengeCreated(phone.tenantId, phone.userId, Instant.now(), UUID.randomUUID().toString(),
                    "SIGN_IN", "Payroll portal", "203.0.113.7", "Utrecht, NL", List.of(phone.deviceId),
                    Instant.now().plusSeconds(60), ChallengeCreated.SMS);
            publisher.publish(sms, UUID.randomUUID().toString(), sms.challengeId());
            ChallengeCreated pushed = Challenges.publishFor(phone);

            phone.awaitFrame(text -> text.contains(pushed.challengeId()));
            assertThat(phone.texts()).noneMatch(text -> text.contains(sms.challengeId()));
        } finally {
            phone.disconnect();
        }
    }

    /**
     * What a consumer that fell behind under load is handed: one poll with many sign-ins' challenges.
     * Every one reaches the phone; all their inbox rows were written by one transaction, and their push
     * rows were stamped written to the stream by one more, or two (decision 0119). The phone does not
     * acknowledge, so no ack rewrites the rows before they are read.
     */
    @Test
    void challengesPolledTogetherArePushedFromOneInboxTransactionAndWrittenToTheStreamInOne() {
        Phone phone = new Phone("acme", "together-" + UUID.randomUUID()).register().neverAcking().connect(baseUri);
        Map<String, ChallengeCreated> byEventId = new LinkedHashMap<>();
        try (EventPublisher publisher = EventPublisher.together()) {
            for (int i = 0; i < 8; i++) {
                ChallengeCreated created = Challenges.created(phone, Instant.now().plusSeconds(60));
                String eventId = UUID.randomUUID().toString();
                publisher.publish(created, eventId, created.challengeId());
                byEventId.put(eventId, created);
            }
            publisher.flush();
            byEventId.values().forEach(created -> phone.awaitFrame(text -> text.contains(created.challengeId())));
        } finally {
            phone.disconnect();
        }

        Map<String, String> transactions = inboxTransactions(byEventId.keySet());
        assertThat(transactions).containsOnlyKeys(byEventId.keySet());
        assertThat(Set.copyOf(transactions.values())).as("transactions that wrote the inbox rows").hasSize(1);
        List<String> stamps = streamStamps(phone.deviceId);
        assertThat(stamps).as("push rows stamped written to the stream").hasSize(byEventId.size());
        // One commit's notifications normally arrive in one read of the LISTEN connection, so one
        // burst; a read split by the network may make two. One transaction per row would make eight.
        assertThat(Set.copyOf(stamps)).as("transactions that stamped them").hasSizeLessThanOrEqualTo(2);
    }

    /**
     * A poll whose shared transaction fails on one event: the event is parked alone, and the others,
     * before and after it, are applied one at a time and reach the phone.
     */
    @Test
    void aBadEventInAPollIsParkedAloneAndTheOthersArePushed() {
        Phone phone = new Phone("acme", "bad-in-poll-" + UUID.randomUUID()).register().connect(baseUri);
        ChallengeCreated before = Challenges.created(phone, Instant.now().plusSeconds(60));
        ChallengeCreated after = Challenges.created(phone, Instant.now().plusSeconds(60));
        String beforeId = UUID.randomUUID().toString();
        String badId = UUID.randomUUID().toString();
        String afterId = UUID.randomUUID().toString();
        try (EventPublisher publisher = EventPublisher.together();
                TopicRecords deadLetters = TopicRecords.of(Topic.CHALLENGE.deadLetterTopicName())) {
            publisher.publish(before, beforeId, before.challengeId());
            publisher.publish(new ChallengeCreated(phone.tenantId, phone.userId, Instant.now(), null, "sign-in", "Payroll portal",
                    "203.0.113.7", "Utrecht, NL", List.of(), Instant.now().plusSeconds(60), ChallengeCreated.PUSH), badId, "none");
            publisher.publish(after, afterId, after.challengeId());
            publisher.flush();

            phone.awaitFrame(text -> text.contains(before.challengeId()));
            phone.awaitFrame(text -> text.contains(after.challengeId()));
            ConsumerRecord<String, String> parked = deadLetters.await(
                    record -> badId.equals(TopicRecords.header(record, "ce_id")), Duration.ofSeconds(20));
            assertThat(TopicRecords.header(parked, "dead-letter-reason")).contains("challengeId");
        } finally {
            phone.disconnect();
        }

        Map<String, String> transactions = inboxTransactions(List.of(beforeId, badId, afterId));
        assertThat(transactions).containsOnlyKeys(beforeId, afterId);
        assertThat(transactions.get(beforeId)).as("each applied in its own transaction").isNotEqualTo(transactions.get(afterId));
    }

    /**
     * An event delivered again (a relay that retried a batch, a rebalance) is applied once, whether the
     * copy comes in the same poll as the first or in a later one: both copies count as duplicates, and
     * the phone is asked once.
     */
    @Test
    void anEventDeliveredAgainInTheSamePollOrALaterOneIsAppliedOnce() {
        Phone phone = new Phone("acme", "again-" + UUID.randomUUID()).register().connect(baseUri);
        ChallengeCreated created = Challenges.created(phone, Instant.now().plusSeconds(60));
        String eventId = UUID.randomUUID().toString();
        double duplicatesBefore = consumed("duplicate");
        try (EventPublisher publisher = EventPublisher.together()) {
            publisher.publish(created, eventId, created.challengeId());
            publisher.publish(created, eventId, created.challengeId());
            publisher.flush();
            phone.awaitFrame(text -> text.contains(created.challengeId()));

            publisher.publish(created, eventId, created.challengeId());
            // Behind the third copy on the user's partition: once it is pushed, the copy was read.
            ChallengeCreated behind = Challenges.created(phone, Instant.now().plusSeconds(60));
            publisher.publish(behind, UUID.randomUUID().toString(), behind.challengeId());
            publisher.flush();
            phone.awaitFrame(text -> text.contains(behind.challengeId()));
        } finally {
            phone.disconnect();
        }

        assertThat(consumed("duplicate") - duplicatesBefore).as("copies skipped as duplicates").isEqualTo(2.0);
        assertThat(phone.texts().stream().filter(text -> text.contains(created.challengeId()))).hasSize(1);
    }

    /** How many ChallengeCreated events this service's challenge consumer has counted with this outcome. */
    private double consumed(String outcome) {
        return registry.find("tweestap.events.consumed").tags("consumer", "notification-service",
                "type", "tweestap.challenge.ChallengeCreated.v1", "outcome", outcome).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** The transaction (xmin) that last wrote each of the device's challenge push rows stamped written to its stream. */
    private static List<String> streamStamps(String deviceId) {
        return OnVertx.await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT xmin::text FROM push WHERE device_id = :device AND kind = 'challenge'"
                        + " AND direct_sent_at IS NOT NULL", String.class)
                .setParameter("device", deviceId)
                .getResultList())));
    }

    /** The transaction (xmin) that wrote each event's inbox row, by event id; events without a row are absent. */
    private static Map<String, String> inboxTransactions(Collection<String> eventIds) {
        List<Object[]> rows = OnVertx.await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT event_id, xmin::text FROM inbox WHERE consumer = 'notification-service'"
                        + " AND event_id IN (:ids)", Object[].class)
                .setParameter("ids", List.copyOf(eventIds))
                .getResultList())));
        return rows.stream().collect(Collectors.toMap(row -> (String) row[0], row -> (String) row[1]));
    }
}
