package io.tweestap.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.challenge.config.ChallengeSettings;
import io.tweestap.challenge.service.ChallengeRetention;
import io.tweestap.testkit.OnVertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Decided challenges past the retention age and spent nonces are deleted in batches, on any instance (decision 0049). */
@QuarkusTest
class ChallengeRetentionTest {

    @Inject
    ChallengeRetention retention;

    @Inject
    ChallengeSettings settings;

    @Test
    void oldDecidedChallengesGoInBatchesAndNothingElse() throws Exception {
        String user = "retention-" + UUID.randomUUID();
        int old = 2 * settings.retention().batchSize() + 7;
        sql("""
                INSERT INTO push_challenge (id, tenant_id, user_id, purpose, status, number_to_match, server_nonce, device_ids,
                                            created_at, expires_at, decided_at, reason)
                SELECT gen_random_uuid(), 'acme', :user, 'SIGN_IN', 'EXPIRED', '12', 'n', '{}',
                       now() - interval '40 days', now() - interval '40 days', now() - interval '40 days', 'TIMEOUT'
                FROM generate_series(1, :old)""", Map.of("user", user, "old", old));
        sql("""
                INSERT INTO push_challenge (id, tenant_id, user_id, purpose, status, number_to_match, server_nonce, device_ids,
                                            created_at, expires_at, decided_at)
                VALUES (gen_random_uuid(), 'acme', :user, 'SIGN_IN', 'APPROVED', '12', 'n', '{}',
                        now() - interval '29 days', now() - interval '29 days', now() - interval '29 days'),
                       (gen_random_uuid(), 'acme', :user, 'SIGN_IN', 'PENDING', '12', 'n', '{}',
                        now() - interval '40 days', now() + interval '1 minute', NULL)""", Map.of("user", user));

        Instant cutoff = Instant.now().minus(settings.retention().decidedChallenges());
        // Two instances purging at once share the rows and never fail on each other's.
        CompletableFuture<Integer> one = CompletableFuture.supplyAsync(() -> OnVertx.await(() -> retention.purgeDecidedChallenges(cutoff)));
        CompletableFuture<Integer> two = CompletableFuture.supplyAsync(() -> OnVertx.await(() -> retention.purgeDecidedChallenges(cutoff)));
        one.get(60, TimeUnit.SECONDS);
        two.get(60, TimeUnit.SECONDS);
        // The rows left, not the counts returned: the scheduled purge in this application may take some
        // (a batch of it still in flight, skipped here, commits at once).
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(count("SELECT count(*) FROM push_challenge WHERE user_id = :user", user)).isEqualTo(2L));
        assertThat(count("SELECT count(*) FROM push_challenge WHERE user_id = :user AND status IN ('APPROVED', 'PENDING')", user))
                .isEqualTo(2L);
    }

    @Test
    void spentNoncesGoAndLiveOnesStay() {
        String device = "retention-device-" + UUID.randomUUID();
        sql("""
                INSERT INTO device_nonce (device_id, nonce, expires_at)
                SELECT :device, 'spent-' || n, now() - interval '6 minutes' FROM generate_series(1, 1200) n""",
                Map.of("device", device));
        sql("INSERT INTO device_nonce (device_id, nonce, expires_at) VALUES (:device, 'live', now() + interval '5 minutes')",
                Map.of("device", device));
        // Expired a minute ago by this clock: an instance whose clock runs a minute behind still takes
        // its timestamp as fresh, so the nonce must still refuse the replay there.
        sql("INSERT INTO device_nonce (device_id, nonce, expires_at) VALUES (:device, 'just-expired', now() - interval '1 minute')",
                Map.of("device", device));

        OnVertx.await(() -> retention.purgeExpiredNonces(Instant.now()));

        assertThat(count("SELECT count(*) FROM device_nonce WHERE device_id = :user", device)).isEqualTo(2L);
        assertThat(count("SELECT count(*) FROM device_nonce WHERE device_id = :user AND nonce LIKE 'spent-%'", device)).isZero();
    }

    private static void sql(String statement, Map<String, Object> parameters) {
        OnVertx.await(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(statement);
            parameters.forEach(query::setParameter);
            return query.executeUpdate();
        })));
    }

    private static long count(String query, String user) {
        return OnVertx.<Long>await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery(query, Long.class).setParameter("user", user).getSingleResult())));
    }
}
