package io.tweestap.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.events.Topic;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.testkit.EventPublisher;
import io.tweestap.testkit.TopicRecords;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Poison challenge events are parked on the dead-letter topic and pushes carry on behind them; SMS sign-ins push nothing. */
@QuarkusTest
class ChallengeEventsTest {

    @TestHTTPResource("/")
    URI baseUri;

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
}
