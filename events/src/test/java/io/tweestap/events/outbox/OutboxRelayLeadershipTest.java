package io.tweestap.events.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several relays on one database, against the machine's PostgreSQL and a real broker (issue 12,
 * decision 0076): one publishes, a stand-by takes over when the leader's connection dies, rows
 * that were sent but not deleted are not sent again, and each user's events stay in order.
 */
class OutboxRelayLeadershipTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static TestBroker broker;

    private OutboxDatabase db;
    private TopicReader topic;
    private final List<RelayInstance> instances = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void freshOutbox() {
        db = new OutboxDatabase();
        db.recreateOutbox();
        topic = new TopicReader(broker.bootstrapServers());
    }

    @AfterEach
    void stopEverything() {
        instances.forEach(RelayInstance::close);
        topic.close();
        db.close();
    }

    @Test
    void onlyTheLeaderPublishesAndEachUsersEventsKeepTheirOrder() {
        RelayInstance a = instance("a", 100);
        RelayInstance b = instance("b", 100);
        await("one leader").atMost(PATIENCE).until(() -> a.leads() || b.leads());

        List<UUID> ids = new ArrayList<>();
        Map<UUID, String> keys = new LinkedHashMap<>();
        for (int commit = 0; commit < 30; commit++) {
            List<String> users = users("order", 3, 10);
            List<UUID> written = db.insert(users);
            IntStream.range(0, written.size()).forEach(i -> keys.put(written.get(i), users.get(i)));
            ids.addAll(written);
            // application code on either instance wakes its relay after a commit; a stand-by ignores it
            a.wake();
            b.wake();
        }

        await().atMost(PATIENCE).until(() -> topic.hasSeen(ids) && db.rows() == 0);
        assertThat(a.leads()).as("exactly one leader").isNotEqualTo(b.leads());
        RelayInstance leader = a.leads() ? a : b;
        RelayInstance standBy = a.leads() ? b : a;
        assertThat(standBy.emitter.sent).as("the stand-by sent nothing").hasValue(0);
        assertThat(leader.emitter.sent).as("the leader sent every row once").hasValue(ids.size());
        assertThat(leader.publishedCount()).isEqualTo(ids.size());
        assertOnceAndInOrder(ids, keys);
    }

    @Test
    void whenTheLeadersConnectionIsKilledTheStandByTakesOverAndPublishesEverythingOnce() {
        RelayInstance leader = instance("first", 100);
        await().atMost(PATIENCE).until(leader::leads);
        RelayInstance standBy = instance("second", 100);

        List<UUID> ids = new ArrayList<>();
        Map<UUID, String> keys = new LinkedHashMap<>();
        List<Long> takeovers = new ArrayList<>();
        int rounds = 5;
        for (int round = 1; round <= rounds; round++) {
            List<String> before = users("takeover-" + round, 3, 5);
            List<UUID> published = db.insert(before);
            remember(published, before, ids, keys);
            await().atMost(PATIENCE).until(() -> topic.hasSeen(published));
            assertThat(standBy.leads()).isFalse();

            Integer pid = db.leaderPid();
            assertThat(pid).as("the leader's backend holds the relay lock").isNotNull();
            long killed = System.nanoTime();
            db.terminate(pid);
            // the instance is gone too, as after kill -9; written right after, so only a new leader can publish it
            leader.close();
            List<String> after = users("takeover-" + round, 3, 5);
            List<UUID> afterKill = db.insert(after);
            remember(afterKill, after, ids, keys);
            await("round " + round + ": the stand-by takes over").atMost(PATIENCE).until(() -> topic.hasSeen(afterKill));
            takeovers.add((System.nanoTime() - killed) / 1_000_000);
            assertThat(standBy.leads()).isTrue();
            assertThat(db.leaderPid()).isNotEqualTo(pid);

            leader = standBy;
            standBy = instance("replacement-" + round, 100);
        }

        await().atMost(PATIENCE).until(() -> db.rows() == 0);
        assertOnceAndInOrder(ids, keys);
        List<Long> sorted = takeovers.stream().sorted().toList();
        System.out.printf("RelayTakeover: takeover p50 %d ms, max %d ms over %d (leader's backend terminated and"
                        + " its instance closed -> first event written after it on the topic; poll interval %d ms)%n",
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), sorted.size(), RelayInstance.POLL_MILLIS);
    }

    @Test
    void rowsTheDeadLeaderSentButNeverDeletedAreNotPublishedAgain() {
        List<String> users = users("crash", 3, 10);
        List<UUID> first = db.insert(users);
        Map<UUID, String> keys = new LinkedHashMap<>();
        List<UUID> ids = new ArrayList<>();
        remember(first, users, ids, keys);
        // Another session holds the rows, so the leader's DELETE after the acks waits: a crash in that window.
        PgConnection holder = db.session();
        holder.query("BEGIN").executeAndAwait();
        holder.query("SELECT id FROM outbox FOR SHARE").executeAndAwait();

        RelayInstance crashing = instance("crashing", 10);
        await().atMost(PATIENCE).until(() -> topic.hasSeen(first.subList(0, 10)) && blockedDelete() != null);
        RelayInstance successor = instance("successor", 10);
        int pid = blockedDelete();
        db.terminate(pid);
        holder.query("COMMIT").executeAndAwait();
        holder.closeAndAwait();

        List<String> more = users("crash", 3, 10);
        remember(db.insert(more), more, ids, keys);
        await().atMost(PATIENCE).until(() -> topic.hasSeen(ids) && db.rows() == 0);
        assertOnceAndInOrder(ids, keys);
        assertThat(crashing.leads() || successor.leads()).isTrue();
    }

    @Test
    void aBatchWhoseDeleteFailedIsNotSentAgain() {
        db.sql("CREATE OR REPLACE FUNCTION refuse_delete() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by the test';"
                + " END $$ LANGUAGE plpgsql;"
                + " CREATE TRIGGER refuse_delete BEFORE DELETE ON outbox FOR EACH ROW EXECUTE FUNCTION refuse_delete()");
        List<String> users = users("failed-delete", 3, 9);
        Map<UUID, String> keys = new LinkedHashMap<>();
        List<UUID> ids = new ArrayList<>();
        remember(db.insert(users), users, ids, keys);

        RelayInstance relay = instance("only", 10);
        await().atMost(PATIENCE).until(() -> topic.hasSeen(ids.subList(0, 10)));
        // it keeps trying (every poll), but finds the batch on the topic and sends nothing more
        await().during(Duration.ofMillis(3 * RelayInstance.POLL_MILLIS)).atMost(PATIENCE)
                .until(() -> relay.emitter.sent.get() == 10);
        assertThat(db.rows()).isEqualTo(ids.size());

        db.sql("DROP TRIGGER refuse_delete ON outbox");
        await().atMost(PATIENCE).until(() -> topic.hasSeen(ids) && db.rows() == 0);
        assertOnceAndInOrder(ids, keys);
        assertThat(relay.emitter.sent).hasValue(ids.size());
        assertThat(relay.publishedCount()).as("counted once each").isEqualTo(ids.size());
    }

    @Test
    void withALingerTheRowsOfCommitsThatCameMeanwhileLeaveTogetherAfterIt() {
        Duration linger = Duration.ofMillis(600);
        RelayInstance relay = new RelayInstance("lingering", OutboxDatabase.URI, broker.bootstrapServers(), 100, linger);
        instances.add(relay);
        await().atMost(PATIENCE).until(relay::leads);
        // An idle relay first, so that the commits below are the only ones it has to wait for.
        await().atMost(PATIENCE).until(() -> db.rows() == 0);

        List<UUID> ids = new ArrayList<>();
        long firstCommit = System.currentTimeMillis();
        for (int commit = 0; commit < 5; commit++) {
            ids.addAll(db.insert(users("linger", 1, 1)));
            relay.wake();
            pause(40);
        }
        long lastCommit = System.currentTimeMillis();
        assertThat(lastCommit - firstCommit).as("the commits came within the linger").isLessThan(linger.toMillis() / 2);

        await().atMost(PATIENCE).until(() -> topic.hasSeen(ids) && db.rows() == 0);
        List<Long> sentAt = topic.recordsOf(ids).stream().map(ConsumerRecord::timestamp).sorted().toList();
        // Without the linger the first commit's row would have left within milliseconds, long before the last.
        assertThat(sentAt.get(0)).as("the first row left after the linger").isGreaterThanOrEqualTo(firstCommit + linger.toMillis() - 50);
        assertThat(sentAt.get(sentAt.size() - 1) - sentAt.get(0)).as("all five in one batch").isLessThan(100);
        assertThat(relay.emitter.sent).hasValue(ids.size());
    }

    private RelayInstance instance(String name, int batchSize) {
        RelayInstance instance = new RelayInstance(name, OutboxDatabase.URI, broker.bootstrapServers(), batchSize);
        instances.add(instance);
        return instance;
    }

    /** The backend of a relay's DELETE that waits for a row lock. */
    private Integer blockedDelete() {
        for (Row row : db.sql("SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                + " AND query LIKE 'DELETE FROM outbox%'")) {
            return row.getInteger(0);
        }
        return null;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code perUser} events for each of {@code count} users, interleaved. */
    private static List<String> users(String prefix, int count, int perUser) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < perUser * count; i++) {
            keys.add("acme:" + prefix + "-" + (i % count) + "@acme.example");
        }
        return keys;
    }

    private static void remember(List<UUID> written, List<String> users, List<UUID> ids, Map<UUID, String> keys) {
        ids.addAll(written);
        IntStream.range(0, written.size()).forEach(i -> keys.put(written.get(i), users.get(i)));
    }

    /** Every id exactly once on the topic, and each user's events in the order they were written. */
    private void assertOnceAndInOrder(Collection<UUID> ids, Map<UUID, String> keys) {
        List<ConsumerRecord<String, String>> records = topic.recordsOf(ids);
        List<String> onTopic = records.stream().map(TopicReader::ceId).toList();
        assertThat(onTopic).as("each event once on the topic").doesNotHaveDuplicates().hasSize(ids.size());
        for (String user : keys.values().stream().distinct().toList()) {
            List<String> written = ids.stream().filter(id -> keys.get(id).equals(user)).map(UUID::toString).toList();
            List<String> read = records.stream().filter(record -> record.key().equals(user)).map(TopicReader::ceId).toList();
            assertThat(read).as("the events of %s in order", user).containsExactlyElementsOf(written);
        }
    }
}
