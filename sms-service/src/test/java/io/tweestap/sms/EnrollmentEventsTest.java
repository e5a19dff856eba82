package io.tweestap.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;

import io.tweestap.sms.projection.UserEnrollment;
import io.tweestap.events.Topic;
import io.tweestap.events.enrollment.EnrollmentStarted;
import io.tweestap.testkit.EventPublisher;
import io.tweestap.testkit.OnVertx;
import io.tweestap.testkit.TopicRecords;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** sms-service learns of enrollments from Kafka, once per event, and survives poison records. */
@QuarkusTest
class EnrollmentEventsTest {

    @Test
    void anEnrollmentStartedIsRecordedInThisServicesDatabase() {
        String enrollmentId = UUID.randomUUID().toString();
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(started("acme", "anna@acme.example", enrollmentId), UUID.randomUUID().toString(), enrollmentId);
        }

        UserEnrollment recorded = awaitEnrollment("acme", "anna@acme.example", enrollmentId);
        assertThat(recorded.enrollmentsStarted).isEqualTo(1);
    }

    @Test
    void theSameEventDeliveredTwiceIsAppliedOnce() {
        String enrollmentId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        String nextEnrollment = UUID.randomUUID().toString();
        try (EventPublisher publisher = new EventPublisher()) {
            EnrollmentStarted event = started("acme", "twice@acme.example", enrollmentId);
            publisher.publish(event, eventId, enrollmentId);
            publisher.publish(event, eventId, enrollmentId);
            // A genuinely new start for the same user, after the duplicate on the same partition.
            publisher.publish(started("acme", "twice@acme.example", nextEnrollment), UUID.randomUUID().toString(), nextEnrollment);
        }

        UserEnrollment recorded = awaitEnrollment("acme", "twice@acme.example", nextEnrollment);
        assertThat(recorded.enrollmentsStarted).as("two distinct starts, the duplicate ignored").isEqualTo(2);
        long inboxRows = OnVertx.await(() -> Panache.withSession(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("SELECT count(*) FROM inbox WHERE event_id = :id", Long.class)
                        .setParameter("id", eventId).getSingleResult())));
        assertThat(inboxRows).isEqualTo(1);
    }

    @Test
    void aMalformedRecordGoesToTheDeadLetterTopicAndConsumptionCarriesOn() {
        String enrollmentId = UUID.randomUUID().toString();
        String poisonId = UUID.randomUUID().toString();
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publishRaw(Topic.ENROLLMENT.topicName(), "acme:poison@acme.example", poisonId,
                    "tweestap.enrollment.EnrollmentStarted.v1", "{\"tenantId\": \"acme\", ");
            publisher.publish(started("acme", "poison@acme.example", enrollmentId), UUID.randomUUID().toString(), enrollmentId);
        }

        awaitEnrollment("acme", "poison@acme.example", enrollmentId);
        try (TopicRecords deadLetters = TopicRecords.of(Topic.ENROLLMENT.deadLetterTopicName())) {
            ConsumerRecord<String, String> parked = deadLetters.await(
                    record -> poisonId.equals(TopicRecords.header(record, "ce_id")), Duration.ofSeconds(20));
            assertThat(parked.value()).isEqualTo("{\"tenantId\": \"acme\", ");
            assertThat(TopicRecords.header(parked, "dead-letter-reason")).contains("EnrollmentStarted");
        }
    }

    private static EnrollmentStarted started(String tenant, String user, String enrollmentId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new EnrollmentStarted(tenant, user, now, enrollmentId, now.plusSeconds(900));
    }

    private static UserEnrollment awaitEnrollment(String tenant, String user, String enrollmentId) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> OnVertx.<UserEnrollment>await(() -> Panache.withSession(() ->
                        UserEnrollment.findById(new UserEnrollment.Key(tenant, user)))),
                found -> found != null && enrollmentId.equals(found.enrollmentId));
    }
}
