package io.tweestap.notification;

import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.testkit.EventPublisher;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Publishes challenge events as challenge-service's relay would. */
public final class Challenges {

    private Challenges() {
    }

    public static ChallengeCreated created(Phone phone, Instant expiresAt, String... deviceIds) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new ChallengeCreated(phone.tenantId, phone.userId, now, UUID.randomUUID().toString(), "sign-in",
                "Payroll portal", "203.0.113.7", "Utrecht, NL", List.of(deviceIds), expiresAt.truncatedTo(ChronoUnit.MICROS));
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
}
