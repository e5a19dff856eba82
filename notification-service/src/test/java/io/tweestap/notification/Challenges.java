package io.tweestap.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tweestap.events.challenge.ChallengeCancelled;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.testkit.EventPublisher;
import io.tweestap.testkit.TopicRecords;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Publishes challenge events as challenge-service's relay would, and reads what this service said became of them. */
public final class Challenges {

    public static final String DELIVERED = "tweestap.notification.NotificationDelivered.v1";
    public static final String FAILED = "tweestap.notification.NotificationFailed.v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Challenges() {
    }

    public static ChallengeCreated created(Phone phone, Instant expiresAt, String... deviceIds) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new ChallengeCreated(phone.tenantId, phone.userId, now, UUID.randomUUID().toString(), "sign-in",
                "Payroll portal", "203.0.113.7", "Utrecht, NL", List.of(deviceIds), expiresAt.truncatedTo(ChronoUnit.MICROS), ChallengeCreated.PUSH,
                "nonce-" + UUID.randomUUID());
    }

    /** The setup wizard's test push to the device being set up, as challenge-service creates it. */
    public static ChallengeCreated testPush(Phone phone) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new ChallengeCreated(phone.tenantId, phone.userId, now, UUID.randomUUID().toString(), "ENROLLMENT_TEST",
                null, null, null, List.of(phone.deviceId), now.plusSeconds(60), ChallengeCreated.PUSH);
    }

    public static ChallengeCreated publishFor(Phone phone, String... deviceIds) {
        ChallengeCreated created = created(phone, Instant.now().plusSeconds(60), deviceIds);
        publish(created);
        return created;
    }

    public static void publish(ChallengeCreated created) {
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(created, UUID.randomUUID().toString(), created.challengeId());
        }
    }

    /** The platform withdraws the challenge (the user closed the sign-in page). */
    public static void cancel(ChallengeCreated created) {
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new ChallengeCancelled(created.tenantId(), created.userId(), Instant.now().truncatedTo(ChronoUnit.MICROS),
                    created.challengeId(), created.purpose()), UUID.randomUUID().toString(), created.challengeId());
        }
    }

    /** The first {@link #DELIVERED} or {@link #FAILED} event about the challenge, as its JSON data. */
    public static JsonNode awaitOutcome(TopicRecords outcomes, String type, ChallengeCreated challenge) throws IOException {
        ConsumerRecord<String, String> record = outcomes.await(candidate -> type.equals(TopicRecords.header(candidate, "ce_type"))
                && candidate.value().contains(challenge.challengeId()), Duration.ofSeconds(30));
        return JSON.readTree(record.value());
    }
}
