package io.tweestap.notification.delivery;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.events.OwnContext;
import io.tweestap.events.notification.NotificationDelivered;
import io.tweestap.events.notification.NotificationFailed;
import io.tweestap.events.outbox.Outbox;
import io.tweestap.notification.directory.DeviceDirectory;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Records what became of a push and publishes it through the outbox, in one transaction. Only
 * challenge pushes produce NotificationDelivered / NotificationFailed: those events are about a
 * challenge; notices and closing frames are best effort on top.
 */
@ApplicationScoped
public class DeliveryOutcomes {

    @Inject
    Clock clock;

    @Inject
    OwnContext context;

    @Inject
    Outbox outbox;

    @Inject
    DeviceDirectory directory;

    @Inject
    Pool pool;

    public Uni<Void> delivered(QueuedPush push, String channel) {
        Instant now = Instant.now(clock);
        return context.run(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "UPDATE push SET delivered_at = coalesce(delivered_at, :now) WHERE id = :id")
                        .setParameter("now", now)
                        .setParameter("id", push.id())
                        .executeUpdate())
                .chain(() -> Pushes.CHALLENGE.equals(push.kind())
                        ? outbox.add(deliveredEvent(push, channel, now)).replaceWithVoid()
                        : Uni.createFrom().voidItem())));
    }

    /**
     * New rows written to their devices' streams and recorded in one transaction, one commit
     * (decisions 0105, 0119), on the plain reactive client (decision 0127): the rows are taken while
     * unsent and open (locked; one another instance or a sweep holds is skipped), each handed to
     * {@code write}, then the ones written are stamped sent and delivered, with NotificationDelivered
     * for a challenge. A row whose write found the stream gone is left as it was, due for the
     * device's next connect. {@code direct_sent_at} is taken after the writes, not at the
     * transaction's start: the ack timeout counts from when the device could first read the frame.
     */
    public Uni<Void> writtenToStream(List<UUID> pushIds, Function<QueuedPush, Uni<Boolean>> write) {
        return pool.withTransaction(connection -> connection.preparedQuery("SELECT " + QueuedPush.COLUMNS
                        + " FROM push WHERE id = ANY($1) AND direct_sent_at IS NULL AND closed_at IS NULL AND expires_at > now()"
                        + " ORDER BY requested_at FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(pushIds.toArray(UUID[]::new)))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    List<Uni<Optional<QueuedPush>>> writes = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        QueuedPush push = QueuedPush.of(row);
                        writes.add(write.apply(push).map(sent -> sent ? Optional.of(push) : Optional.<QueuedPush>empty()));
                    }
                    return Uni.join().all(writes).andCollectFailures()
                            .chain(results -> recordWritten(connection, results.stream().flatMap(Optional::stream).toList()));
                }));
    }

    private Uni<Void> recordWritten(SqlConnection connection, List<QueuedPush> written) {
        if (written.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now(clock);
        List<NotificationDelivered> events = written.stream()
                .filter(push -> Pushes.CHALLENGE.equals(push.kind()))
                .map(push -> deliveredEvent(push, StreamDelivery.DIRECT, now))
                .toList();
        return connection.preparedQuery("UPDATE push SET direct_sent_at = clock_timestamp(),"
                        + " delivered_at = coalesce(delivered_at, $1) WHERE id = ANY($2)")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), written.stream().map(QueuedPush::id).toArray(UUID[]::new)))
                .chain(() -> outbox.addAll(connection, events))
                .replaceWithVoid();
    }

    private static NotificationDelivered deliveredEvent(QueuedPush push, String channel, Instant now) {
        return new NotificationDelivered(push.tenantId(), push.userId(), now, push.reference(), push.deviceId(), channel,
                Math.max(0, Duration.between(push.requestedAt(), now).toMillis()), push.deliveryAwaited());
    }


    public Uni<Void> failed(QueuedPush push, String channel, String reason) {
        if (!Pushes.CHALLENGE.equals(push.kind())) {
            return Uni.createFrom().voidItem();
        }
        return context.run(() -> Panache.withTransaction(() -> outbox.add(new NotificationFailed(push.tenantId(),
                push.userId(), Instant.now(clock), push.reference(), push.deviceId(), channel, reason))
                .replaceWithVoid()));
    }

    /** The provider called the token dead: that channel is not used again until the device re-registers. */
    public Uni<Void> invalidToken(QueuedPush push, String channel) {
        return context.run(() -> Panache.withTransaction(() -> directory.deactivateChannel(push.deviceId(), channel, "invalid-token")
                .chain(() -> Pushes.CHALLENGE.equals(push.kind())
                        ? outbox.add(new NotificationFailed(push.tenantId(), push.userId(), Instant.now(clock), push.reference(),
                                push.deviceId(), channel, "invalid-token")).replaceWithVoid()
                        : Uni.createFrom().voidItem())));
    }

    /**
     * A challenge push that reached no channel before it expired. Claimed with a conditional
     * update so two instances sweeping at once report it once.
     */
    public Uni<Void> expiredUndelivered(QueuedPush push) {
        return context.run(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                                UPDATE push SET expiry_reported_at = now()
                                 WHERE id = :id AND expiry_reported_at IS NULL AND delivered_at IS NULL
                                """)
                        .setParameter("id", push.id())
                        .executeUpdate())
                .chain(claimed -> claimed == 1
                        ? outbox.add(new NotificationFailed(push.tenantId(), push.userId(), Instant.now(clock), push.reference(),
                                push.deviceId(), "none", "expired-undelivered")).replaceWithVoid()
                        : Uni.createFrom().voidItem())));
    }
}
