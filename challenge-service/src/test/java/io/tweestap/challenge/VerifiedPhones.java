package io.tweestap.challenge;

import static org.awaitility.Awaitility.await;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.tweestap.events.enrollment.PhoneRegistered;
import io.tweestap.testkit.EventPublisher;
import io.tweestap.testkit.OnVertx;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A phone verified at enrollment-service, announced the way it announces phones, until this service knows it. */
final class VerifiedPhones {

    private VerifiedPhones() {
    }

    static String register(String tenantId, String userId) {
        String phoneId = UUID.randomUUID().toString();
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new PhoneRegistered(tenantId, userId, Instant.now(), phoneId, "+31 6 ****5678",
                    UUID.randomUUID().toString()), UUID.randomUUID().toString(), phoneId);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> OnVertx.<Long>await(() -> Panache.withSession(() ->
                Panache.getSession().chain(session -> session
                        .createNativeQuery("SELECT count(*) FROM user_phone WHERE phone_id = :id", Long.class)
                        .setParameter("id", phoneId).getSingleResult()))) == 1L);
        return phoneId;
    }
}
