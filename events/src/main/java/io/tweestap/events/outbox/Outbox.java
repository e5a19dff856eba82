package io.tweestap.events.outbox;

import io.smallrye.mutiny.Uni;
import io.tweestap.events.EventCatalogue;
import io.tweestap.events.EventJson;
import io.tweestap.events.EventType;
import io.tweestap.events.TweestapEvent;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The only way business code publishes an event: it joins the caller's transaction, so the state
 * change and the event commit together or not at all. Call {@link #add(TweestapEvent)} from a
 * {@code @WithTransaction} method, {@link #add(SqlConnection, TweestapEvent)} with the connection of a
 * transaction on the plain reactive client (a hot path that keeps Hibernate out, decision 0124).
 */
@ApplicationScoped
public class Outbox {

    /**
     * The row as {@link OutboxEvent} maps it. The payload goes as text and is cast: a Java string bound
     * to a {@code jsonb} parameter would be stored as one JSON string, not as the event's object.
     */
    private static final String INSERT = """
            INSERT INTO outbox (id, aggregatetype, aggregateid, type, subject, tenant_id, payload, occurred_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8)""";

    /** @return the event id ({@code ce_id}); its subject is the one the event names ({@link TweestapEvent#subject()}) */
    public Uni<UUID> add(TweestapEvent event) {
        OutboxEvent row = rowOf(event);
        return row.persist().replaceWith(row.id);
    }

    /** {@link #add(TweestapEvent)} within the transaction of {@code connection}. */
    public Uni<UUID> add(SqlConnection connection, TweestapEvent event) {
        OutboxEvent row = rowOf(event);
        return connection.preparedQuery(INSERT).execute(parameters(row)).replaceWith(row.id);
    }

    /**
     * {@link #add(SqlConnection, TweestapEvent)} for several events, sent together (one round trip),
     * in their order.
     */
    public Uni<Void> addAll(SqlConnection connection, List<? extends TweestapEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = events.stream().map(Outbox::rowOf).map(Outbox::parameters).toList();
        return connection.preparedQuery(INSERT).executeBatch(rows).replaceWithVoid();
    }

    private static Tuple parameters(OutboxEvent row) {
        return Tuple.from(new Object[] {row.id, row.topic, row.recordKey, row.type, row.subject, row.tenantId, row.payload,
                row.occurredAt.atOffset(ZoneOffset.UTC)});
    }

    private static OutboxEvent rowOf(TweestapEvent event) {
        EventType<TweestapEvent> type = EventCatalogue.typeOf(event);
        OutboxEvent row = new OutboxEvent();
        row.id = UUID.randomUUID();
        row.topic = type.topic().topicName();
        row.recordKey = event.recordKey();
        row.type = type.ceType();
        row.subject = event.subject();
        row.tenantId = event.tenantId();
        row.payload = EventJson.write(event);
        row.occurredAt = event.occurredAt();
        return row;
    }
}
