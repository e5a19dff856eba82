package io.tweestap.events.inbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tweestap.events.EventStreamMeters.Outcome;
import io.tweestap.events.OwnContext;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One transaction of a consumer: applies events, each with its inbox row {@code (consumer, event_id)}
 * and, on its first delivery, its handler's effects; emits each event's outcome, in their order. The
 * transaction is all or nothing. {@link Inbox} decides what goes into one and what happens when it fails;
 * the two kinds here differ only in the client the rows are written with.
 */
@FunctionalInterface
interface InboxTransaction {

    Uni<List<Outcome>> apply(List<InboundEvent> events);

    /** In a Hibernate Reactive session, on a context of its own, so records never share a session. */
    static InboxTransaction inSession(OwnContext ownContext, String consumer, Function<InboundEvent, Uni<Void>> handler) {
        return events -> ownContext.run(() -> Panache.withTransaction(() -> Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(event -> firstDelivery(consumer, event).chain(first -> first
                        ? handler.apply(event).replaceWith(Outcome.APPLIED)
                        : Uni.createFrom().item(Outcome.DUPLICATE)))
                .collect().asList()));
    }

    /**
     * On a connection of {@code pool} (a hot path that keeps Hibernate out, decision 0127): the inbox
     * rows of all the events in one statement, which returns the ids it inserted, then the handler for
     * each of those, once, in the events' order.
     */
    static InboxTransaction onConnection(Pool pool, String consumer, BiFunction<SqlConnection, InboundEvent, Uni<Void>> handler) {
        return events -> pool.withTransaction(connection -> connection.preparedQuery("""
                        INSERT INTO inbox (consumer, event_id, event_type)
                        SELECT $1, e.id, e.type FROM unnest($2::text[], $3::text[]) AS e(id, type)
                        ON CONFLICT DO NOTHING RETURNING event_id""")
                .execute(Tuple.of(consumer,
                        events.stream().map(InboundEvent::id).toArray(String[]::new),
                        events.stream().map(event -> event.type().ceType()).toArray(String[]::new)))
                .chain(inserted -> {
                    Set<String> first = new HashSet<>();
                    inserted.forEach(row -> first.add(row.getString(0)));
                    // An id twice in one poll (a relay's retry) is inserted once and applied once.
                    return Multi.createFrom().iterable(events)
                            .onItem().transformToUniAndConcatenate(event -> first.remove(event.id())
                                    ? handler.apply(connection, event).replaceWith(Outcome.APPLIED)
                                    : Uni.createFrom().item(Outcome.DUPLICATE))
                            .collect().asList();
                }));
    }

    private static Uni<Boolean> firstDelivery(String consumer, InboundEvent event) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("INSERT INTO inbox (consumer, event_id, event_type) VALUES (:consumer, :id, :type)"
                        + " ON CONFLICT DO NOTHING")
                .setParameter("consumer", consumer)
                .setParameter("id", event.id())
                .setParameter("type", event.type().ceType())
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
