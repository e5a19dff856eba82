package io.tweestap.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;
import io.tweestap.testkit.AtOnce;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Requests for one user at the same moment, on several connections: a push's creation judges each
 * one under the user's guard row, so the one-sign-in-at-a-time rule cannot be raced, and exactly one
 * of several answers to one challenge wins (decision 0126).
 */
@QuarkusTest
class ConcurrentRequestsTest {

    private static final int AT_ONCE = 8;

    private final SignInPlatform acme = new SignInPlatform("acme");

    @Inject
    Pool pool;

    /**
     * The user's guard row is held by another transaction while the requests arrive, so that all of
     * them are in flight before any is judged; a creation that judged without waiting for the row would
     * find no pending sign-in in each of them.
     */
    @Test
    void ofSignInsAskedForAtOnceOneIsCreatedAndTheOthersNameIt() throws Exception {
        TestPhone phone = TestPhone.verifiedFor("acme", "concurrent-" + UUID.randomUUID());
        SqlConnection holder = pool.getConnection().await().indefinitely();
        List<Response> answers;
        try {
            holder.query("BEGIN").execute().await().indefinitely();
            holder.preparedQuery("INSERT INTO user_guard (tenant_id, user_id, consecutive_failures) VALUES ($1, $2, 0)"
                    + " ON CONFLICT DO NOTHING").execute(Tuple.of("acme", phone.userId)).await().indefinitely();
            holder.preparedQuery("SELECT 1 FROM user_guard WHERE tenant_id = $1 AND user_id = $2 FOR UPDATE")
                    .execute(Tuple.of("acme", phone.userId)).await().indefinitely();
            answers = AtOnce.run(AT_ONCE, () -> acme.requestSignIn(phone.userId), () -> {
                // Released once every request waits for a lock: all of them are in flight by then.
                Awaitility.await("all requests waiting for a lock").atMost(Duration.ofSeconds(30))
                        .until(() -> waitingForALock(), waiting -> waiting >= AT_ONCE);
                holder.query("COMMIT").execute().await().indefinitely();
            });
        } finally {
            holder.close().await().indefinitely();
        }

        List<Response> created = answers.stream().filter(r -> r.statusCode() == 201).toList();
        assertThat(created).hasSize(1);
        String challengeId = created.get(0).path("challengeId");
        assertThat(answers.stream().filter(r -> r.statusCode() == 409))
                .hasSize(AT_ONCE - 1)
                .allSatisfy(refused -> {
                    assertThat(refused.<String>path("type")).isEqualTo("https://tweestap.io/problems/challenge-pending");
                    assertThat(refused.<String>path("pendingChallengeId")).isEqualTo(challengeId);
                });
    }

    private long waitingForALock() {
        return pool.query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND wait_event_type = 'Lock'").execute().await().indefinitely().iterator().next().getLong(0);
    }

    @Test
    void ofAnswersGivenAtOnceExactlyOneDecides() throws Exception {
        TestPhone phone = TestPhone.verifiedFor("acme", "concurrent-" + UUID.randomUUID());
        Response asked = acme.requestSignIn(phone.userId);
        String challengeId = asked.path("challengeId");
        String number = asked.path("numberToShow");

        String signature = phone.signAnswer(challengeId, phone.serverNonceOf(challengeId), Decision.APPROVE, number);

        List<Response> answers = AtOnce.run(AT_ONCE, () -> phone.sendAnswer(challengeId, Decision.APPROVE, number,
                signature), () -> {
        });

        assertThat(answers.stream().filter(r -> r.statusCode() == 200)).hasSize(1)
                .allSatisfy(won -> assertThat(won.<String>path("status")).isEqualTo("APPROVED"));
        assertThat(answers.stream().filter(r -> r.statusCode() == 409)).hasSize(AT_ONCE - 1)
                .allSatisfy(late -> assertThat(late.<String>path("type"))
                        .isEqualTo("https://tweestap.io/problems/challenge-not-pending"));
        // The approval reset the user's count: the next sign-in goes out.
        acme.requestSignIn(phone.userId).then().statusCode(201);
    }
}
