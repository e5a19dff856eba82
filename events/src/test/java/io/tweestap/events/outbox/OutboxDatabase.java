package io.tweestap.events.outbox;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The machine's PostgreSQL, database {@code events_test} (role {@code events}, made by
 * deploy/compose/postgres-init), or the one {@code -Dtweestap.events.test-database} names: the
 * outbox table is created afresh from the migration every service applies.
 */
final class OutboxDatabase implements AutoCloseable {

    static final String URI = System.getProperty("tweestap.events.test-database",
            "postgresql://events:events@127.0.0.1:5432/events_test");
    static final String TOPIC = "mfa.enrollment.events.v1";

    private final Vertx vertx = Vertx.vertx();
    private final PgConnection connection = PgConnection.connectAndAwait(vertx, PgConnectOptions.fromUri(URI));

    void recreateOutbox() {
        sql("DROP TABLE IF EXISTS outbox, inbox CASCADE; DROP FUNCTION IF EXISTS outbox_wake_relay() CASCADE");
        sql(migration());
    }

    /** One committed insert of the given events, in this order (their {@code seq} order), one per user key. */
    List<UUID> insert(List<String> keys) {
        List<UUID> ids = new ArrayList<>();
        List<Tuple> rows = new ArrayList<>();
        for (String key : keys) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            rows.add(Tuple.from(List.of(id, TOPIC, key, "tweestap.enrollment.EnrollmentStarted.v1", id.toString(), "acme",
                    "{\"tenantId\":\"acme\"}", OffsetDateTime.now())));
        }
        connection.preparedQuery("INSERT INTO outbox (id, aggregatetype, aggregateid, type, subject, tenant_id, payload,"
                + " occurred_at) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)").executeBatchAndAwait(rows);
        return ids;
    }

    long rows() {
        return sql("SELECT count(*) FROM outbox").iterator().next().getLong(0);
    }

    /** The backend that holds the relay's session lock, i.e. the leader's connection. */
    Integer leaderPid() {
        // pg_locks lists every database's locks: services of other runs on this server hold the same key in theirs.
        RowSet<Row> rows = connection.preparedQuery("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
                        + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                        + " AND classid::bigint = $1 AND objid::bigint = $2 AND objsubid = 1")
                .executeAndAwait(Tuple.of(RelayLeadership.RELAY_LOCK >>> 32, RelayLeadership.RELAY_LOCK & 0xffffffffL));
        return rows.size() == 0 ? null : rows.iterator().next().getInteger(0);
    }

    /** Ends a backend as an administrator (or a vanished peer noticed by keepalive) would. */
    void terminate(int pid) {
        connection.preparedQuery("SELECT pg_terminate_backend($1)").executeAndAwait(Tuple.of(pid));
    }

    RowSet<Row> sql(String sql) {
        return connection.query(sql).executeAndAwait();
    }

    /** A second session, e.g. to hold locks in an open transaction. */
    PgConnection session() {
        return PgConnection.connectAndAwait(vertx, PgConnectOptions.fromUri(URI));
    }

    private static String migration() {
        try (InputStream in = OutboxDatabase.class.getResourceAsStream("/db/tweestap-events/V0_1__outbox_and_inbox.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        connection.closeAndAwait();
        vertx.closeAndAwait();
    }
}
