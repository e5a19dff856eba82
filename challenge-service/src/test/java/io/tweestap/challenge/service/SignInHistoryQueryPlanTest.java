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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A page of a user's sign-ins stays cheap however long the history: PostgreSQL reads the partial
 * index of sign-ins backwards from the cursor and stops after the page, with no sort. Plans are taken
 * from the exact SQL the service runs, on a table whose statistics know the user has thousands of
 * sign-ins and setup test pushes besides.
 */
@QuarkusTest
class SignInHistoryQueryPlanTest {

    private static final String USER = "history-" + UUID.randomUUID();

    @BeforeAll
    static void aUserWithALongHistory() {
        sql("""
                INSERT INTO push_challenge (id, tenant_id, user_id, purpose, status, number_to_match, server_nonce, device_ids,
                                            created_at, expires_at, decided_at, reason)
                SELECT gen_random_uuid(), 'acme', :user, CASE WHEN n % 4 = 0 THEN 'ENROLLMENT_TEST' ELSE 'SIGN_IN' END,
                       'DENIED', '12', 'n', '{}', now() - n * interval '10 minutes', now() - n * interval '10 minutes' + interval '1 minute',
                       now() - n * interval '10 minutes', 'USER_DENIED'
                FROM generate_series(1, 4000) n""", Map.of("user", USER));
        sql("ANALYZE push_challenge", Map.of());
    }

    @Test
    void theFirstPageReadsTheSignInIndexBackwardsAndStopsAfterThePage() {
        String plan = explain(SignInHistory.FIRST_PAGE, Map.of("tenant", "acme", "user", USER, "limit", 21));

        assertThat(plan).startsWith("Limit").contains("Index Scan Backward using push_challenge_sign_ins")
                .doesNotContain("Seq Scan").doesNotContain("Sort");
    }

    @Test
    void aLaterPageStartsAtTheCursorInTheIndex() {
        String plan = explain(SignInHistory.NEXT_PAGE, Map.of("tenant", "acme", "user", USER, "limit", 21,
                "createdAt", Instant.now().minus(10, ChronoUnit.DAYS), "id", UUID.randomUUID()));

        assertThat(plan).startsWith("Limit").contains("Index Scan Backward using push_challenge_sign_ins")
                .contains("Index Cond: ((tenant_id = 'acme'::text) AND (user_id = ").contains("ROW(created_at, id) <")
                .doesNotContain("Seq Scan").doesNotContain("Sort");
    }

    private static String explain(String query, Map<String, Object> parameters) {
        List<String> lines = OnVertx.await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> {
            var explain = session.createNativeQuery("EXPLAIN " + query, String.class);
            parameters.forEach(explain::setParameter);
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
