package io.tweestap.challenge.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.testkit.OnVertx;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admission reads stay cheap for a user with a long history: PostgreSQL's plan for the
 * pending check goes through a partial index of pending challenges, and the window check reads
 * the user's index backwards and stops at the limit, instead of visiting every challenge the user
 * ever had. Plans are taken from the exact SQL the service runs, on a table whose statistics know
 * the user has thousands of decided challenges.
 */
@QuarkusTest
class AdmissionQueryPlanTest {

    private final String user = "plan-" + UUID.randomUUID();

    @BeforeEach
    void aUserWithALongHistory() {
        // 4000 decided sign-ins over the last 40 days, and one pending now.
        sql("""
                INSERT INTO push_challenge (id, tenant_id, user_id, purpose, status, number_to_match, server_nonce, device_ids,
                                            created_at, expires_at, decided_at, reason)
                SELECT gen_random_uuid(), 'acme', :user, 'SIGN_IN', 'DENIED', '12', 'n', '{}',
                       now() - n * interval '15 minutes', now() - n * interval '15 minutes' + interval '1 minute',
                       now() - n * interval '15 minutes', 'USER_DENIED'
                FROM generate_series(1, 4000) n""", Map.of("user", user));
        sql("""
                INSERT INTO push_challenge (id, tenant_id, user_id, purpose, status, number_to_match, server_nonce, device_ids,
                                            created_at, expires_at)
                VALUES (gen_random_uuid(), 'acme', :user, 'SIGN_IN', 'PENDING', '12', 'n', '{}', now(), now() + interval '1 minute')""",
                Map.of("user", user));
        sql("ANALYZE push_challenge", Map.of());
    }

    @Test
    void theOnePendingSignInCheckUsesThePartialIndexOfPendingChallenges() {
        String plan = explain(AdmissionFacts.PENDING_SIGN_IN + " LIMIT 1", "acme", user, now());

        // Either partial index of pending rows (per user, or by expiry when the table holds few pending
        // rows): both are bounded by what is pending now, never by the user's history.
        assertThat(plan).contains("Index Scan using push_challenge_pending").doesNotContain("push_challenge_by_user")
                .doesNotContain("Seq Scan");
        assertThat(explain(AdmissionFacts.PENDING_CODE_SIGN_IN + " LIMIT 1", "acme", user, now()))
                .contains("Index Scan using push_challenge_pending").doesNotContain("push_challenge_by_user")
                .doesNotContain("Seq Scan");
    }

    @Test
    void thePushLimitReadsTheNewestPushesOfTheUserAndStopsAtTheLimit() {
        String plan = explain(AdmissionFacts.NEWEST_PUSHES, "acme", user, now().minus(1, ChronoUnit.DAYS), "SIGN_IN", 3);

        // Either index of the user's challenges by creation time (all, or the sign-ins of V9) reads only the
        // newest and stops at the limit; which one the planner takes depends on the table's statistics.
        assertThat(plan).startsWith("Limit").containsPattern("Index Scan Backward using push_challenge_(by_user|sign_ins)")
                .doesNotContain("Seq Scan").doesNotContain("Sort");
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** The plan of the service's SQL, its {@code $n} parameters bound in order (as JPA's ordinal {@code ?n}). */
    private static String explain(String query, Object... parameters) {
        List<String> lines = OnVertx.await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> {
            var explain = session.createNativeQuery("EXPLAIN " + query.replace("$", "?"), String.class);
            for (int i = 0; i < parameters.length; i++) {
                explain.setParameter(i + 1, parameters[i]);
            }
            return explain.getResultList();
        })));
        return String.join("\n", lines).trim();
    }

    private static void sql(String statement, Map<String, Object> parameters) {
        OnVertx.await(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(statement);
            parameters.forEach(query::setParameter);
            return query.executeUpdate();
        })));
    }
}
