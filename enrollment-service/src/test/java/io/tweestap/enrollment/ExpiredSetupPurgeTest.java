package io.tweestap.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.enrollment.service.ExpiredSetupPurge;
import io.tweestap.enrollment.service.ExpiredSetupPurge.Purged;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import io.tweestap.events.EventJson;
import io.tweestap.events.Topic;
import io.tweestap.events.enrollment.DeviceRemoved;
import io.tweestap.testkit.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
    void endedMovesGoWithTheEnrolmentsAgeAndAnOpenMoveStays() {
        String user = "purge-moves-" + UUID.randomUUID() + "@acme.example";
        String old = UUID.randomUUID().toString();
        String open = UUID.randomUUID().toString();
        String insert = "INSERT INTO device_move (id, tenant_id, user_id, old_device_id, enrollment_id, status, requested_at,"
                + " expires_at, ended_at) VALUES ('%s', 'acme', '%s', gen_random_uuid(), gen_random_uuid(), '%s', %s, %s, %s)";
        Journey.sql(insert.formatted(old, user, "COMPLETED", "now() - interval '91 days'", "now() - interval '91 days'",
                "now() - interval '91 days'"));
        Journey.sql(insert.formatted(UUID.randomUUID(), user, "ABANDONED", "now() - interval '2 days'",
                "now() - interval '2 days'", "now() - interval '2 days'"));
        Journey.sql(insert.formatted(open, user, "REQUESTED", "now()", "now() + interval '10 minutes'", "NULL"));

        purge.purge(Instant.now()).await().atMost(Duration.ofSeconds(20));

        assertThat(Journey.sqlText("SELECT string_agg(status, ',' ORDER BY status) FROM device_move WHERE user_id = '"
                + user + "'")).isEqualTo("ABANDONED,REQUESTED");
    }

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
        assertThat(purged).isEqualTo(new Purged(1, 2, 2, 0, 0, 0));
        assertThat(Journey.sqlText("SELECT status FROM enrollment WHERE id = '" + enrollment + "'"))
                .isEqualTo("STARTED");

        Purged again = purge.purge(Instant.now()).await().atMost(Duration.ofSeconds(20));
        assertThat(again).isEqualTo(new Purged(0, 0, 0, 0, 0, 0));
    }

    @Test
    void deletesEnrollmentsLongUntouchedAndPhoneVerificationsNeverFinished() {
        String user = "retention-" + UUID.randomUUID() + "@acme.example";
        String longAgo = "now() - interval '91 days'";
        String startedLongAgo = enrollment(user, "STARTED", longAgo, null);
        String completedLongAgo = enrollment(user, "COMPLETED", longAgo, longAgo);
        String resetLongAgo = enrollment(user, "RESET", longAgo, "now() - interval '90 days 1 hour'");
        String completedLately = enrollment(user, "COMPLETED", longAgo, "now() - interval '10 days'");
        String startedLongAgoWithAFreshLink = enrollment(user, "STARTED", longAgo, null);
        link(UUID.randomUUID() + "-fresh", startedLongAgoWithAFreshLink, user, "now() + interval '5 minutes'", null);
        String startedNow = enrollment(user, "STARTED", "now()", null);
        String oldCode = UUID.randomUUID() + "-code-of-old";
        code(oldCode, startedLongAgo, user, "now() + interval '5 minutes'", false);

        phone(user, "PENDING", "now() - interval '25 hours'", "pending-old");
        phone(user, "PENDING", "now() - interval '1 hour'", "pending-recent");
        phone(user, "VERIFIED", "now() - interval '25 hours'", "verified-old");

        Purged purged = purge.purge(Instant.now()).await().atMost(Duration.ofSeconds(20));

        assertThat(Journey.sqlText("SELECT string_agg(id::text, ',' ORDER BY id) FROM enrollment WHERE user_id = '" + user + "'"))
                .isEqualTo(String.join(",", java.util.stream.Stream.of(completedLately, startedLongAgoWithAFreshLink, startedNow)
                        .sorted().toList()));
        assertThat(Journey.sqlText("SELECT count(*)::text FROM activation_code WHERE code_hash = '" + oldCode + "'"))
                .as("went with its enrollment").isEqualTo("0");
        assertThat(Journey.sqlText("SELECT string_agg(verification_id, ',' ORDER BY verification_id) FROM phone_method"
                + " WHERE user_id = '" + user + "'")).isEqualTo("pending-recent-" + user + ",verified-old-" + user);
        assertThat(purged.enrollments()).isEqualTo(3);
        assertThat(purged.pendingPhones()).isEqualTo(1);
        assertThat(List.of(startedLongAgo, completedLongAgo, resetLongAgo)).doesNotContain(completedLately);
    }

    @Test
    void removesDevicesNeverVerifiedAWeekAfterTheyRegisteredAndTellsTheOtherServices() {
        String user = "unverified-" + UUID.randomUUID() + "@acme.example";
        // Ids from both ends of PostgreSQL's uuid order, so that no page of the purge can skip one.
        String abandoned = device("0" + UUID.randomUUID().toString().substring(1), user, "REGISTERED", "now() - interval '8 days'");
        device("f" + UUID.randomUUID().toString().substring(1), user, "REGISTERED", "now() - interval '9 days'");
        device("8" + UUID.randomUUID().toString().substring(1), user, "REGISTERED", "now() - interval '30 days'");
        String verified = device(UUID.randomUUID().toString(), user, "VERIFIED", "now() - interval '8 days'");
        String recent = device(UUID.randomUUID().toString(), user, "REGISTERED", "now() - interval '1 hour'");

        try (TopicRecords topic = TopicRecords.of(Topic.ENROLLMENT.topicName())) {
            Purged purged = purge.purge(Instant.now()).await().atMost(Duration.ofSeconds(20));

            assertThat(purged.unverifiedDevices()).isEqualTo(3);
            assertThat(Journey.sqlText("SELECT string_agg(id::text, ',' ORDER BY id) FROM device WHERE user_id = '" + user + "'"))
                    .isEqualTo(java.util.stream.Stream.of(verified, recent).sorted().collect(java.util.stream.Collectors.joining(",")));
            ConsumerRecord<String, String> removed = topic.await(record -> "tweestap.enrollment.DeviceRemoved.v1"
                    .equals(TopicRecords.header(record, "ce_type")) && record.value().contains(abandoned), Duration.ofSeconds(20));
            assertThat(removed.key()).isEqualTo("acme:" + user);
            assertThat(EventJson.read(removed.value(), DeviceRemoved.class).reason()).isEqualTo("never-verified");
        }
        assertThat(purge.purge(Instant.now()).await().atMost(Duration.ofSeconds(20)).unverifiedDevices()).isZero();
    }

    /** Issue 12: every instance runs the purge; two at once remove each abandoned device once, with one DeviceRemoved. */
    @Test
    void twoInstancesPurgingAtOnceRemoveEachAbandonedDeviceOnce() {
        String user = "abandoned-race-" + UUID.randomUUID() + "@acme.example";
        List<String> abandoned = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            abandoned.add(device(UUID.randomUUID().toString(), user, "REGISTERED", "now() - interval '8 days'"));
        }
        try (TopicRecords topic = TopicRecords.of(Topic.ENROLLMENT.topicName())) {
            List<Purged> both = io.smallrye.mutiny.Uni.join().all(purge.purge(Instant.now()), purge.purge(Instant.now()))
                    .andFailFast().await().atMost(Duration.ofSeconds(30));

            assertThat(both.get(0).unverifiedDevices() + both.get(1).unverifiedDevices())
                    .as("the scheduled purge may take some, never the same one twice").isLessThanOrEqualTo(20);
            assertThat(Journey.sqlText("SELECT count(*)::text FROM device WHERE user_id = '" + user + "'")).isEqualTo("0");
            for (String device : abandoned) {
                topic.await(record -> isRemoval(record, device), Duration.ofSeconds(20));
            }
            for (String device : abandoned) {
                assertThat(topic.seen().stream().filter(record -> isRemoval(record, device)).count())
                        .as("DeviceRemoved of " + device).isEqualTo(1);
            }
        }
    }

    /**
     * A device from before the upgrade is still REGISTERED here (sign-ins did not need the test push
     * then), yet challenge- and notification-service treat it as verified: the purge must keep it.
     */
    @Test
    void keepsDevicesRegisteredBeforeTheTestPushWasRequired() {
        String user = "pre-upgrade-" + UUID.randomUUID() + "@acme.example";
        // The old device first in the purge's id order, so its DeviceRemoved would precede the new one's.
        String preUpgrade = device("0" + UUID.randomUUID().toString().substring(1), user, "REGISTERED", "now() - interval '8 days'");
        Journey.sql("UPDATE device SET registered_before_test_push_rule = true WHERE id = '" + preUpgrade + "'");
        String abandoned = device("f" + UUID.randomUUID().toString().substring(1), user, "REGISTERED",
                "now() - interval '8 days'");

        try (TopicRecords topic = TopicRecords.of(Topic.ENROLLMENT.topicName())) {
            purge.purge(Instant.now()).await().atMost(Duration.ofSeconds(20));

            assertThat(Journey.sqlText("SELECT string_agg(id::text, ',') FROM device WHERE user_id = '" + user + "'"))
                    .isEqualTo(preUpgrade);
            // Both on the user's key, in the order the purge removed them: once the new one's is out, the old one's would be.
            topic.await(record -> isRemoval(record, abandoned), Duration.ofSeconds(20));
            assertThat(topic.seen()).noneMatch(record -> isRemoval(record, preUpgrade));
        }
    }

    private static boolean isRemoval(ConsumerRecord<String, String> record, String deviceId) {
        return "tweestap.enrollment.DeviceRemoved.v1".equals(TopicRecords.header(record, "ce_type"))
                && record.value().contains(deviceId);
    }

    @Test
    void deletesMoreThanOneBatchInOneRun() {
        String user = "batches-" + UUID.randomUUID() + "@acme.example";
        Journey.link("acme", user);
        String enrollment = Journey.sqlText("SELECT id::text FROM enrollment WHERE user_id = '" + user + "'");
        Journey.sql("INSERT INTO wizard_session (token_hash, tenant_id, user_id, enrollment_id, expires_at)"
                + " SELECT 'batch-' || n || '-" + user + "', 'acme', '" + user + "', '" + enrollment + "',"
                + " now() - interval '25 hours' FROM generate_series(1, 1201) AS n");

        Purged purged = purge.purge(Instant.now()).await().atMost(Duration.ofSeconds(30));

        assertThat(purged.sessions()).isEqualTo(1201);
        assertThat(Journey.sqlText("SELECT count(*)::text FROM wizard_session WHERE user_id = '" + user + "'")).isEqualTo("0");
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

    private static String enrollment(String user, String status, String createdAt, String completedAt) {
        String id = UUID.randomUUID().toString();
        Journey.sql("INSERT INTO enrollment (id, tenant_id, user_id, status, created_at, completed_at) VALUES ('" + id
                + "', 'acme', '" + user + "', '" + status + "', " + createdAt + ", "
                + (completedAt == null ? "NULL" : completedAt) + ")");
        return id;
    }

    private static String device(String id, String user, String status, String registeredAt) {
        Journey.sql("INSERT INTO device (id, tenant_id, user_id, name, platform, public_key, push_channels, status,"
                + " registered_at) VALUES ('" + id + "', 'acme', '" + user + "', 'old phone', 'ios', 'key', '[]', '"
                + status + "', " + registeredAt + ")");
        return id;
    }

    private static void phone(String user, String status, String requestedAt, String verification) {
        Journey.sql("INSERT INTO phone_method (id, phone_id, tenant_id, user_id, verification_id, masked_number, channel,"
                + " status, requested_at) VALUES ('" + UUID.randomUUID() + "', 'p', 'acme', '" + user + "', '"
                + verification + "-" + user + "', '+31 6 ****5678', 'SMS', '" + status + "', " + requestedAt + ")");
    }

    private static String remaining(String table, String column, String mark) {
        return Journey.sqlText("SELECT coalesce(string_agg(" + column + ", ',' ORDER BY " + column + "), '') FROM "
                + table + " WHERE " + column + " LIKE '" + mark + "-%'");
    }
}
