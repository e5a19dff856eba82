package io.tweestap.events.listen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LISTEN against the machine's PostgreSQL (database {@code events_test}, or the one
 * {@code -Dtweestap.events.test-database} names; nothing in it is touched but a channel of the
 * test's own): a subscription LISTENs again after its backend is ended, and says so, since what was
 * notified meanwhile is lost.
 */
class DatabaseNotificationsTest {

    private static final String URI = System.getProperty("tweestap.events.test-database",
            "postgresql://events:events@127.0.0.1:5432/events_test");
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final String channel = "tweestap_test_" + UUID.randomUUID().toString().replace("-", "");
    private final List<String> payloads = new CopyOnWriteArrayList<>();
    private final AtomicInteger listening = new AtomicInteger();
    private Vertx vertx;
    private DatabaseNotifications notifications;
    private PgConnection admin;

    @BeforeEach
    void connect() {
        vertx = Vertx.vertx();
        notifications = DatabaseNotificationsWiring.on(vertx, URI);
        admin = PgConnection.connectAndAwait(vertx, notifications.connectOptions());
    }

    @AfterEach
    void close() {
        notifications.stop(null);
        admin.closeAndAwait();
        vertx.closeAndAwait();
    }

    @Test
    void aSubscriptionListensAgainAfterItsBackendIsTerminatedAndSaysSo() {
        notifications.subscribe(channel, Duration.ofMillis(200), payloads::add, listening::incrementAndGet)
                .await().atMost(PATIENCE);
        await().atMost(PATIENCE).until(() -> listening.get() == 1);
        notifyChannel("before");
        await().atMost(PATIENCE).until(() -> payloads.contains("before"));

        int first = listenerPids().get(0);
        terminate(first);
        await("LISTEN again on a new connection").atMost(PATIENCE).until(() -> listening.get() == 2);
        assertThat(listenerPids()).hasSize(1).doesNotContain(first);
        notifyChannel("after");
        await().atMost(PATIENCE).until(() -> payloads.contains("after"));

        assertThat(payloads).containsExactly("before", "after");
    }

    @Test
    void aNotificationSentWhileNoConnectionListensIsLost() {
        // A reconnection slow enough to notify into the gap.
        notifications.subscribe(channel, Duration.ofSeconds(2), payloads::add, listening::incrementAndGet)
                .await().atMost(PATIENCE);
        await().atMost(PATIENCE).until(() -> listening.get() == 1);

        terminate(listenerPids().get(0));
        notifyChannel("while away");
        await().atMost(PATIENCE).until(() -> listening.get() == 2);
        notifyChannel("after");
        await().atMost(PATIENCE).until(() -> payloads.contains("after"));

        assertThat(payloads).containsExactly("after");
    }

    @Test
    void theStopAtShutdownEndsEverySubscription() {
        notifications.subscribe(channel, Duration.ofMillis(200), payloads::add, listening::incrementAndGet)
                .await().atMost(PATIENCE);
        notifications.subscribe(channel, Duration.ofMillis(200), payloads::add, listening::incrementAndGet)
                .await().atMost(PATIENCE);
        await().atMost(PATIENCE).until(() -> listenerPids().size() == 2);

        notifications.stop(null);

        await("no backend LISTENs any more").atMost(PATIENCE).until(() -> listenerPids().isEmpty());
    }

    @Test
    void onTheCallersConnectionOnlyTheChannelsNotificationsArePassedOnAndLostWithTheConnection() {
        PgConnection own = PgConnection.connectAndAwait(vertx, notifications.connectOptions());
        own.exceptionHandler(expectedWhenTerminated -> { });
        String other = channel + "_other";
        own.query("LISTEN " + other).executeAndAwait();
        DatabaseNotifications.listen(own, channel, payloads::add).await().atMost(PATIENCE);

        notifyChannel("first");
        admin.preparedQuery("SELECT pg_notify($1, 'elsewhere')").executeAndAwait(Tuple.of(other));
        notifyChannel("second");
        await().atMost(PATIENCE).until(() -> payloads.size() == 2);
        assertThat(payloads).containsExactly("first", "second");

        List<Integer> pids = listenerPids();
        assertThat(pids).hasSize(1);
        terminate(pids.get(0));
        notifyChannel("gone");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> payloads.size() == 2);
        assertThat(listenerPids()).as("the caller's connection is the caller's to reconnect").isEmpty();
    }

    @Test
    void aChannelNameThatIsNotAPlainIdentifierIsRefused() {
        assertThatThrownBy(() -> notifications.subscribe("Mixed\"; DROP", Duration.ofSeconds(1), payloads::add, () -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void notifyChannel(String payload) {
        admin.preparedQuery("SELECT pg_notify($1, $2)").executeAndAwait(Tuple.of(channel, payload));
    }

    /** The backends of this database whose last statement LISTENed on the test's channel. */
    private List<Integer> listenerPids() {
        List<Integer> pids = new ArrayList<>();
        for (Row row : admin.preparedQuery("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                + " AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%' AND query LIKE $1").executeAndAwait(Tuple.of("%" + channel + "%"))) {
            pids.add(row.getInteger(0));
        }
        return pids;
    }

    /** Ends a backend as an administrator or a database restart would, and waits until it is gone (up to 5 s). */
    private void terminate(int pid) {
        admin.preparedQuery("SELECT pg_terminate_backend($1, 5000)").executeAndAwait(Tuple.of(pid));
    }
}
