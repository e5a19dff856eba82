package io.tweestap.testkit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.tweestap.events.EventCatalogue;
import io.tweestap.events.EventType;
import io.tweestap.events.Topic;
import io.tweestap.events.TweestapEvent;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * What every service owes a topic it consumes through the inbox: an event delivered twice is
 * applied once, and a record no retry can fix is parked on {@code <topic>.dlq} without holding up
 * the records behind it.
 *
 * <p>A service's test extends this with events it really applies, so the proof goes through its
 * own handler, its own channel configuration and its own tables. The pair it names must be one
 * where applying the first event a second time would show: that is what makes "applied once"
 * observable rather than taken on trust from the inbox row.
 */
public abstract class InboxConsumerContract {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** The consumer name the service's handler gives the inbox. */
    protected abstract String consumer();

    /** An event this service applies, about a subject (device, phone, ...) no test has used yet. */
    protected abstract TweestapEvent freshEvent(String tenantId, String userId);

    /** An event that takes back what {@code applied} did, so applying {@code applied} again would undo it. */
    protected abstract TweestapEvent undoing(TweestapEvent applied);

    /** Whether the service's state is now what {@code event} leaves behind. Polled; must not block long. */
    protected abstract boolean shows(TweestapEvent event);

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
