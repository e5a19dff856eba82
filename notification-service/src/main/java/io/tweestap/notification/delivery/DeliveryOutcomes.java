package io.tweestap.notification.delivery;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.events.OwnContext;
import io.tweestap.events.notification.NotificationDelivered;
import io.tweestap.events.notification.NotificationFailed;
import io.tweestap.events.outbox.Outbox;
import io.tweestap.notification.directory.DeviceDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

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

    public Uni<Void> delivered(QueuedPush push, String channel) {
        Instant now = Instant.now(clock);
        return context.run(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "UPDATE push SET delivered_at = coalesce(delivered_at, :now) WHERE id = :id")
                        .setParameter("now", now)
                        .setParameter("id", push.id())
                        .executeUpdate())
                .chain(() -> Pushes.CHALLENGE.equals(push.kind())
                        ? outbox.add(new NotificationDelivered(push.tenantId(), push.userId(), now, push.reference(),
                                push.deviceId(), channel, Math.max(0, Duration.between(push.requestedAt(), now).toMillis())))
                                .replaceWithVoid()
                        : Uni.createFrom().voidItem())));
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
