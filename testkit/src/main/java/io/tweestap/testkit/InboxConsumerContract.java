package io.tweestap.testkit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.events.EventCatalogue;
import io.tweestap.events.EventJson;
import io.tweestap.events.EventType;
import io.tweestap.events.Topic;
import io.tweestap.events.TweestapEvent;
import io.tweestap.events.inbox.InboxRetention;
import io.tweestap.events.inbox.InboxSettings;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What every service owes a topic it consumes through the inbox: an event delivered twice is
 * applied once, a record no retry can fix (broken, or a version of its type this consumer does not
 * know) is parked on {@code <topic>.dlq} without holding up the records behind it, and inbox rows
 * older than {@code tweestap.inbox.retention} are purged (decisions 0008, 0064).
 *
 * <p>A service's test extends this with events it really applies, so the proof goes through its
 * own handler, its own channel configuration and its own tables. The pair it names must be one
 * where applying the first event a second time would show: that is what makes "applied once"
 * observable rather than taken on trust from the inbox row.
 */
public abstract class InboxConsumerContract {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    InboxRetention retention;

    @Inject
    InboxSettings inboxSettings;

    /** The consumer name the service's handler gives the inbox. */
    protected abstract String consumer();

    /** An event this service applies, about a subject (device, phone, ...) no test has used yet. */
    protected abstract TweestapEvent freshEvent(String tenantId, String userId);

    /** An event that takes back what {@code applied} did, so applying {@code applied} again would undo it. */
    protected abstract TweestapEvent undoing(TweestapEvent applied);

    /** Whether the service's state is now what {@code event} leaves behind. Polled; must not block long. */
    protected abstract boolean shows(TweestapEvent event);

    /**
     * An event on the same topic as {@link #freshEvent} that this service has no use for, or null when
     * it acts on every event of that topic.
     */
    protected TweestapEvent eventOfNoInterest(String tenantId, String userId) {
        return null;
    }

    /**
     * An event the service does nothing with costs no transaction and leaves no inbox row: a bulk
     * enrolment's thousand EnrollmentStarted events once held up the DeviceRegistered events behind
     * them for seconds, one commit each, while the new phones waited to open their streams.
     */
    @Test
    public void anEventThisConsumerHasNoUseForIsAcknowledgedWithoutAnInboxRow() {
        String user = "no-use-" + UUID.randomUUID() + "@acme.example";
        TweestapEvent ignored = eventOfNoInterest("acme", user);
        Assumptions.assumeTrue(ignored != null, consumer() + " acts on every event of the topic");
        TweestapEvent behind = freshEvent("acme", user);
        String ignoredId = UUID.randomUUID().toString();
        String behindId = UUID.randomUUID().toString();
        String type = EventCatalogue.typeOf(ignored).ceType();
        double notOfInterestBefore = EventStreamReadings.consumed(consumer(), type, "not-of-interest");
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(ignored, ignoredId, user);
            publisher.publish(behind, behindId, user);
        }

        awaitShown(behind);
        assertEquals(1L, inboxRows(behindId), "inbox rows for the event applied");
        assertEquals(0L, inboxRows(ignoredId), "inbox rows for the " + ignored.getClass().getSimpleName());
        await().atMost(PATIENCE).untilAsserted(() -> assertTrue(
                EventStreamReadings.consumed(consumer(), type, "not-of-interest") > notOfInterestBefore,
                "the event is counted as not-of-interest on tweestap.events.consumed"));
    }

    @Test
    public void theSameEventDeliveredTwiceIsAppliedOnce() {
        String user = "twice-" + UUID.randomUUID() + "@acme.example";
        TweestapEvent applied = freshEvent("acme", user);
        TweestapEvent undone = undoing(applied);
        TweestapEvent after = freshEvent("acme", user);
        String eventId = UUID.randomUUID().toString();
        double duplicatesBefore = EventStreamReadings.consumed(consumer(),
                EventCatalogue.typeOf(applied).ceType(), "duplicate");
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(applied, eventId, user);
            publisher.publish(undone, UUID.randomUUID().toString(), user);
            // The redelivery a relay crash or a rebalance causes: same ce_id, later on the same partition.
            publisher.publish(applied, eventId, user);
            // Same key, so once this one shows, the redelivery before it has been handled.
            publisher.publish(after, UUID.randomUUID().toString(), user);
        }

        awaitShown(after);
        assertTrue(shows(undone), "the redelivered " + applied.getClass().getSimpleName() + " was applied again");
        assertEquals(1L, inboxRows(eventId), "inbox rows for the event id");
        String type = EventCatalogue.typeOf(applied).ceType();
        await().atMost(PATIENCE).untilAsserted(() -> assertTrue(
                EventStreamReadings.consumed(consumer(), type, "duplicate") > duplicatesBefore,
                "the redelivery is counted as a duplicate on tweestap.events.consumed"));
    }

    @Test
    public void aPoisonRecordIsDeadLetteredAndConsumptionCarriesOn() {
        String user = "poison-" + UUID.randomUUID() + "@acme.example";
        TweestapEvent behind = freshEvent("acme", user);
        EventType<TweestapEvent> type = EventCatalogue.typeOf(behind);
        Topic topic = type.topic();
        String poisonId = UUID.randomUUID().toString();
        String brokenJson = "{\"tenantId\": \"acme\", ";
        double parkedBefore = EventStreamReadings.consumed(consumer(), type.ceType(), "dead-lettered");
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publishRaw(topic.topicName(), behind.recordKey(), poisonId, type.ceType(), brokenJson);
            publisher.publish(behind, UUID.randomUUID().toString(), user);
        }

        awaitShown(behind);
        try (TopicRecords deadLetters = TopicRecords.of(topic.deadLetterTopicName())) {
            ConsumerRecord<String, String> parked = deadLetters.await(
                    record -> poisonId.equals(TopicRecords.header(record, "ce_id")), Duration.ofSeconds(20));
            assertEquals(brokenJson, parked.value());
            String reason = TopicRecords.header(parked, "dead-letter-reason");
            assertTrue(reason != null && reason.contains(behind.getClass().getSimpleName()),
                    "dead-letter-reason names the event type: " + reason);
        }
        await().atMost(PATIENCE).untilAsserted(() -> assertTrue(
                EventStreamReadings.consumed(consumer(), type.ceType(), "dead-lettered") > parkedBefore,
                "the parked record is counted as dead-lettered on tweestap.events.consumed"));
    }

    @Test
    public void aKnownEventInAVersionThisConsumerDoesNotKnowIsDeadLetteredNotSkipped() {
        String user = "version-" + UUID.randomUUID() + "@acme.example";
        TweestapEvent behind = freshEvent("acme", user);
        EventType<TweestapEvent> type = EventCatalogue.typeOf(behind);
        // e.g. a DeviceRemoved.v2 before this consumer knows v2: skipped, the removal would be lost.
        String unknownVersion = type.ceType().replaceFirst("\\.v[0-9]+$", ".v99");
        String futureId = UUID.randomUUID().toString();
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publishRaw(type.topic().topicName(), behind.recordKey(), futureId, unknownVersion, EventJson.write(behind));
            publisher.publish(behind, UUID.randomUUID().toString(), user);
        }

        awaitShown(behind);
        try (TopicRecords deadLetters = TopicRecords.of(type.topic().deadLetterTopicName())) {
            ConsumerRecord<String, String> parked = deadLetters.await(
                    record -> futureId.equals(TopicRecords.header(record, "ce_id")), Duration.ofSeconds(20));
            assertTrue(TopicRecords.header(parked, "dead-letter-reason").contains(unknownVersion),
                    "dead-letter-reason names the type: " + TopicRecords.header(parked, "dead-letter-reason"));
        }
    }

    @Test
    public void inboxRowsOlderThanTheRetentionArePurgedInBatchesByEveryInstanceAtOnce() {
        String consumer = "retention-" + UUID.randomUUID();
        Instant now = Instant.now();
        Duration kept = inboxSettings.retention();
        // A record can stay on a topic for retention.ms + segment.ms (7 + 7 days by default; Kafka deletes
        // whole segments) and a group whose offsets expired re-reads it: 15 days at least (decision 0064).
        assertTrue(kept.compareTo(Duration.ofDays(15)) >= 0,
                "the inbox must remember ids longer than Kafka's default retention.ms + segment.ms (14 days): " + kept);
        int old = 2500; // more than two batches of tweestap.inbox.retention-batch-size (1000)
        insertInboxRows(consumer, old, now.minus(kept).minus(Duration.ofHours(1)));
        insertInboxRows(consumer, 3, now.minus(kept).plus(Duration.ofHours(1)));

        // Two instances purging at the same moment: SKIP LOCKED gives them different rows, neither
        // waits for nor deadlocks with the other. The scheduled run in this application may join in and
        // take rows too, so what counts is the rows left, not how many these two calls deleted.
        OnVertx.await(() -> Uni.combine().all().unis(retention.purge(now), retention.purge(now))
                .with((first, second) -> first + second));

        // A scheduled batch still in flight held some rows locked (skipped here): it commits at once.
        await().atMost(PATIENCE).untilAsserted(() ->
                assertEquals(3L, inboxRowsOf(consumer), "only the rows younger than the retention stay"));
        assertEquals(3L, inboxRowsOf(consumer, now.minus(kept)), "the young rows are the ones kept");
    }

    private static void insertInboxRows(String consumer, int rows, Instant receivedAt) {
        OnVertx.await(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("INSERT INTO inbox (consumer, event_id, event_type, received_at)"
                        + " SELECT :consumer, gen_random_uuid()::text, 'tweestap.test.Old.v1', :at FROM generate_series(1, :rows)")
                .setParameter("consumer", consumer)
                .setParameter("at", receivedAt.atOffset(ZoneOffset.UTC))
                .setParameter("rows", rows)
                .executeUpdate())));
    }

    private static long inboxRowsOf(String consumer, Instant receivedAfter) {
        return OnVertx.await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT count(*) FROM inbox WHERE consumer = :consumer AND received_at > :after", Long.class)
                .setParameter("consumer", consumer)
                .setParameter("after", receivedAfter.atOffset(ZoneOffset.UTC))
                .getSingleResult())));
    }

    private static long inboxRowsOf(String consumer) {
        return OnVertx.await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT count(*) FROM inbox WHERE consumer = :consumer", Long.class)
                .setParameter("consumer", consumer)
                .getSingleResult())));
    }

    private void awaitShown(TweestapEvent event) {
        await().atMost(PATIENCE).until(() -> shows(event));
    }

    private long inboxRows(String eventId) {
        return OnVertx.await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT count(*) FROM inbox WHERE consumer = :consumer AND event_id = :id", Long.class)
                .setParameter("consumer", consumer())
                .setParameter("id", eventId)
                .getSingleResult())));
    }
}
