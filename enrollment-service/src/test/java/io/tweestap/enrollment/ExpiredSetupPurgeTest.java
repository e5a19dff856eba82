package io.tweestap.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.enrollment.service.ExpiredSetupPurge;
import io.tweestap.enrollment.service.ExpiredSetupPurge.Purged;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The purge of expired setup data, against enrollment_test: rows that expired longer ago than the
 * grace period go; rows that are live, that expired only recently, or that a live wizard session
 * still points at, stay.
 */
@QuarkusTest
class ExpiredSetupPurgeTest {

    @Inject
    ExpiredSetupPurge purge;

    @Inject
    Scheduler scheduler;

    @Test
    void deletesOnlyWhatExpiredBeforeTheGracePeriod() {
        String user = "purge-" + UUID.randomUUID() + "@acme.example";
        Journey.link("acme", user);
        String enrollment = Journey.sqlText("SELECT id::text FROM enrollment WHERE user_id = '" + user + "'");
        String mark = UUID.randomUUID().toString().substring(0, 8);
        String longAgo = "now() - interval '25 hours'";
        String recently = "now() - interval '1 hour'";
        String later = "now() + interval '10 minutes'";

        link(mark + "-link-old", enrollment, user, longAgo, null);
        link(mark + "-link-old-opened", enrollment, user, longAgo, longAgo);
        link(mark + "-link-recent", enrollment, user, recently, null);
        link(mark + "-link-live", enrollment, user, later, null);

        UUID usedByOldSession = code(mark + "-code-a", enrollment, user, longAgo, true);
        UUID usedByLiveSession = code(mark + "-code-b", enrollment, user, longAgo, true);
        code(mark + "-code-c", enrollment, user, longAgo, false);
        code(mark + "-code-d", enrollment, user, recently, false);
        code(mark + "-code-e", enrollment, user, later, false);

        session(mark + "-session-old", enrollment, user, longAgo, usedByOldSession);
        session(mark + "-session-recent", enrollment, user, recently, null);
        session(mark + "-session-live", enrollment, user, later, usedByLiveSession);

        Purged purged = purge.purge(Instant.now()).await().atMost(Duration.ofSeconds(20));

        assertThat(remaining("enrollment_link", "token_hash", mark))
                .isEqualTo(mark + "-link-live," + mark + "-link-recent");
        assertThat(remaining("wizard_session", "token_hash", mark))
                .isEqualTo(mark + "-session-live," + mark + "-session-recent");
        assertThat(remaining("activation_code", "code_hash", mark))
                .isEqualTo(mark + "-code-b," + mark + "-code-d," + mark + "-code-e");
        // Other tests' rows expired seconds ago at most, so ours are all the purge could find.
        assertThat(purged).isEqualTo(new Purged(1, 2, 2));
        assertThat(Journey.sqlText("SELECT status FROM enrollment WHERE id = '" + enrollment + "'"))
                .isEqualTo("STARTED");

        Purged again = purge.purge(Instant.now()).await().atMost(Duration.ofSeconds(20));
        assertThat(again).isEqualTo(new Purged(0, 0, 0));
    }

    @Test
    void runsOnASchedule() {
        assertThat(scheduler.getScheduledJob("enrollment-expired-setup-purge")).isNotNull();
    }

    private static void link(String hash, String enrollment, String user, String expiresAt, String openedAt) {
        Journey.sql("INSERT INTO enrollment_link (token_hash, tenant_id, user_id, enrollment_id, expires_at, opened_at)"
                + " VALUES ('" + hash + "', 'acme', '" + user + "', '" + enrollment + "', " + expiresAt + ", "
                + (openedAt == null ? "NULL" : openedAt) + ")");
    }

    private static UUID code(String hash, String enrollment, String user, String expiresAt, boolean used) {
        UUID id = UUID.randomUUID();
        Journey.sql("INSERT INTO activation_code (id, code_hash, tenant_id, user_id, enrollment_id, expires_at, used_at)"
                + " VALUES ('" + id + "', '" + hash + "', 'acme', '" + user + "', '" + enrollment + "', " + expiresAt
                + ", " + (used ? expiresAt : "NULL") + ")");
        return id;
    }

    private static void session(String hash, String enrollment, String user, String expiresAt, UUID activationId) {
        Journey.sql("INSERT INTO wizard_session (token_hash, tenant_id, user_id, enrollment_id, expires_at, activation_id)"
                + " VALUES ('" + hash + "', 'acme', '" + user + "', '" + enrollment + "', " + expiresAt + ", "
                + (activationId == null ? "NULL" : "'" + activationId + "'") + ")");
    }

    private static String remaining(String table, String column, String mark) {
        return Journey.sqlText("SELECT coalesce(string_agg(" + column + ", ',' ORDER BY " + column + "), '') FROM "
                + table + " WHERE " + column + " LIKE '" + mark + "-%'");
    }
}
