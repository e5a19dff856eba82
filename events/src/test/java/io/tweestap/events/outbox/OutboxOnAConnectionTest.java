package io.tweestap.events.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweestap.events.EventJson;
import io.tweestap.events.sms.SmsVerified;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An event added on a transaction of the plain reactive client: the row the relay publishes, with
 * the same columns as one Hibernate writes, committed or rolled back with the transaction.
 */
class OutboxOnAConnectionTest {

    private static OutboxDatabase db;
    private static PgConnection session;
    private final Outbox outbox = new Outbox();

    @BeforeAll
    static void database() {
        db = new OutboxDatabase();
        db.recreateOutbox();
        session = db.session();
    }

    @AfterAll
    static void close() {
        session.closeAndAwait();
        db.close();
    }

    @Test
    void aCommittedEventIsOneRowWhosePayloadIsTheEventsObject() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        SmsVerified event = new SmsVerified("acme", "user-1", at, UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), "+31 6 ****5678", "ENROLLMENT");

        Transaction transaction = session.beginAndAwait();
        UUID id = outbox.add(session, event).await().indefinitely();
        transaction.commitAndAwait();

        Row row = session.preparedQuery("SELECT aggregatetype, aggregateid, type, subject, tenant_id,"
                        + " jsonb_typeof(payload) AS kind, payload::text AS payload, occurred_at FROM outbox WHERE id = $1")
                .executeAndAwait(Tuple.of(id)).iterator().next();
        assertThat(row.getString("aggregatetype")).isEqualTo("mfa.sms.events.v1");
        assertThat(row.getString("aggregateid")).isEqualTo(event.recordKey());
        assertThat(row.getString("type")).isEqualTo("tweestap.sms.SmsVerified.v1");
        assertThat(row.getString("subject")).isEqualTo(event.subject());
        assertThat(row.getString("tenant_id")).isEqualTo("acme");
        assertThat(row.getString("kind")).isEqualTo("object");
        assertThat(EventJson.read(row.getString("payload"),
                SmsVerified.class)).isEqualTo(event);
        assertThat(row.getOffsetDateTime("occurred_at").toInstant()).isEqualTo(at);
    }

    @Test
    void anEventOfATransactionRolledBackIsNotThere() {
        SmsVerified event = new SmsVerified("acme", "user-2", Instant.now(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), "+31 6 ****5678", "SIGN_IN");

        Transaction transaction = session.beginAndAwait();
        UUID id = outbox.add(session, event).await().indefinitely();
        transaction.rollbackAndAwait();

        assertThat(session.preparedQuery("SELECT count(*) FROM outbox WHERE id = $1").executeAndAwait(Tuple.of(id))
                .iterator().next().getLong(0)).isZero();
    }
}
