package io.tweestap.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.tweestap.events.Topic;
import io.tweestap.events.enrollment.EnrollmentStarted;
import io.tweestap.events.outbox.Outbox;
import io.tweestap.events.outbox.OutboxEvent;
import io.tweestap.testkit.EventStreamReadings;
import io.tweestap.testkit.TestPlatform;
import io.tweestap.testkit.TopicRecords;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The outbox against the real broker and database: no event without its change, none lost. */
@QuarkusTest
class OutboxReliabilityTest {

    @Inject
    Outbox outbox;

    @Test
    void aRolledBackTransactionPublishesNothing() throws Throwable {
        String rolledBack = "rolled-back-" + UUID.randomUUID();
        String committed = "committed-" + UUID.randomUUID();

        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
                outbox.add(started("rollback@acme.example", rolledBack))
                        .chain(() -> Uni.createFrom().failure(new IllegalStateException("the business change failed"))))))
                .hasMessageContaining("the business change failed");
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
                outbox.add(started("rollback@acme.example", committed))));

        assertThat(pendingRows(rolledBack)).isZero();
        try (TopicRecords topic = TopicRecords.of(Topic.ENROLLMENT.topicName())) {
            // Same user, so same partition: had the rolled-back event been published, it would be read first.
            topic.awaitSubject(committed, Duration.ofSeconds(20));
            assertThat(topic.seen()).noneMatch(record -> rolledBack.equals(TopicRecords.header(record, "ce_subject")));
        }
    }

    @Test
    void eventsWrittenWhileKafkaIsDownArriveOnceItIsBack() throws Throwable {
        String startedType = "tweestap.enrollment.EnrollmentStarted.v1";
        double publishedBefore = EventStreamReadings.published(startedType);
        TestPlatform.broker().stop();
        String enrollmentId;
        try {
            enrollmentId = EnrollmentResourceTest.start("acme", "outage@acme.example");
            assertThat(pendingRows(enrollmentId)).as("the event waits in the outbox").isEqualTo(1);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(EventStreamReadings.outboxBacklog())
                    .as("operations see the backlog on tweestap_outbox_backlog").isGreaterThanOrEqualTo(1));
            assertThat(EventStreamReadings.published(startedType)).as("nothing counted as published yet")
                    .isEqualTo(publishedBefore);
        } finally {
            TestPlatform.broker().start();
        }

        try (TopicRecords topic = TopicRecords.of(Topic.ENROLLMENT.topicName())) {
            ConsumerRecord<String, String> record = topic.awaitSubject(enrollmentId, Duration.ofSeconds(90));
            assertThat(record.key()).isEqualTo("acme:outage@acme.example");
            String finalId = enrollmentId;
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(pendingRows(finalId)).isZero());
        }
        assertThat(EventStreamReadings.published(startedType)).as("counted once the broker acknowledged it")
                .isGreaterThan(publishedBefore);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(EventStreamReadings.outboxBacklog())
                .as("the backlog drains to zero").isZero());
    }

    private static EnrollmentStarted started(String userId, String enrollmentId) {
        Instant now = Instant.now();
        return new EnrollmentStarted("acme", userId, now, enrollmentId, now.plusSeconds(900));
    }

    private static long pendingRows(String subject) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() ->
                OutboxEvent.count("subject", subject)));
    }
}
