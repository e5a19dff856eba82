package io.tweestap.notification.directory;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.devicekeys.DeviceKey;
import io.tweestap.devicekeys.InvalidDeviceKeyException;
import io.tweestap.events.TweestapEvent;
import io.tweestap.events.enrollment.DeviceBlocked;
import io.tweestap.events.enrollment.DeviceRegistered;
import io.tweestap.events.enrollment.DeviceRemoved;
import io.tweestap.events.enrollment.DeviceUnblocked;
import io.tweestap.events.enrollment.DeviceVerified;
import io.tweestap.events.enrollment.PushChannel;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Which devices each user has, whether each passed the setup test push, whether an administrator
 * blocked it, and how to reach them, kept from DeviceRegistered / DeviceVerified / DeviceRemoved /
 * DeviceBlocked / DeviceUnblocked. The apply methods run inside the inbox transaction of the event;
 * the look-ups do not.
 */
@ApplicationScoped
public class DeviceDirectory {

    /**
     * Channels a DeviceRegistered may name for a provider adapter; {@code direct} needs no address,
     * any active device may connect. {@code webpush} never comes with an event: the device
     * registers it itself ({@link WebPushChannels}, decision 0075).
     */
    public static final Set<String> PROVIDER_KINDS = Set.of("apns", "fcm");

    /** A channel address the device set itself later than {@code :at}. */
    private static final String SET_BY_DEVICE_SINCE = "device_channel.address_set_by = 'device' AND device_channel.address_set_at > :at";

    /** What a DeviceBlocked and a DeviceUnblocked set. */
    private static final String BLOCK = "blocked_at = :at";
    private static final String UNBLOCK = "blocked_at = NULL";

    private static final Logger LOG = Logger.getLogger(DeviceDirectory.class);

    @Inject
    Pool pool;

    /**
     * A newly bound key is not verified until its test push is approved. Registering the same
     * active device with the same key again (new provider tokens) keeps what was verified; another
     * key starts unverified again. A removed device is never brought back: device ids are fresh per
     * activation, so a DeviceRegistered for a removed id is a redelivery the inbox no longer
     * recognises (past its retention) or a dead letter replayed after the removal.
     *
     * @return whether the directory took the registration (false: a removed device or another user's id)
     */
    public Uni<Boolean> apply(DeviceRegistered registered) {
        // The device's own Web Push subscription outlives a registration again with the same key, not a new key.
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        DELETE FROM device_channel WHERE device_id = :device AND kind = 'webpush' AND EXISTS (
                               SELECT 1 FROM device WHERE device_id = :device AND tenant_id = :tenant AND user_id = :user
                                  AND active AND public_key <> :key)
                        """)
                .setParameter("device", registered.deviceId())
                .setParameter("tenant", registered.tenantId())
                .setParameter("user", registered.userId())
                .setParameter("key", registered.publicKey())
                .executeUpdate()
                .chain(() -> session.createNativeQuery("""
                        INSERT INTO device (device_id, tenant_id, user_id, device_name, platform, public_key, active, registered_at)
                        VALUES (:device, :tenant, :user, :name, :platform, :key, true, :at)
                        ON CONFLICT (device_id) DO UPDATE
                           SET verified = device.verified AND device.active AND device.public_key = EXCLUDED.public_key,
                               verified_at = CASE WHEN device.active AND device.public_key = EXCLUDED.public_key
                                                  THEN device.verified_at END,
                               device_name = EXCLUDED.device_name, platform = EXCLUDED.platform,
                               public_key = EXCLUDED.public_key, registered_at = EXCLUDED.registered_at
                         WHERE device.tenant_id = EXCLUDED.tenant_id AND device.user_id = EXCLUDED.user_id
                           AND device.active AND device.removed_at IS NULL
                        """)
                .setParameter("device", registered.deviceId())
                .setParameter("tenant", registered.tenantId())
                .setParameter("user", registered.userId())
                .setParameter("name", registered.deviceName())
                .setParameter("platform", registered.platform())
                .setParameter("key", registered.publicKey())
                .setParameter("at", registered.occurredAt())
                .executeUpdate()
                // No row written (a removed device, or another user's id): its channels stay as they are.
                // A token the device itself set after this registration happened is newer than the event's
                // (decision 0088): neither dropped nor overwritten by it.
                .chain(written -> written == 0 ? Uni.createFrom().item(false) : session
                        .createNativeQuery("DELETE FROM device_channel WHERE device_id = :device AND kind <> 'webpush'"
                                + " AND NOT (" + SET_BY_DEVICE_SINCE + ")")
                        .setParameter("device", registered.deviceId())
                        .setParameter("at", registered.occurredAt())
                        .executeUpdate()
                        .chain(() -> addChannels(session, registered, registered.pushChannels()))
                        .replaceWith(true))));
    }

    private Uni<Void> addChannels(Mutiny.Session session, DeviceRegistered registered, List<PushChannel> channels) {
        String deviceId = registered.deviceId();
        Uni<Void> all = Uni.createFrom().voidItem();
        for (PushChannel channel : channels == null ? List.<PushChannel>of() : channels) {
            String kind = channel.kind() == null ? "" : channel.kind().toLowerCase(Locale.ROOT);
            if (!PROVIDER_KINDS.contains(kind) || channel.address() == null || channel.address().isBlank()) {
                continue;
            }
            all = all.chain(() -> session.createNativeQuery("""
                            INSERT INTO device_channel (device_id, kind, address, active, address_set_by, address_set_at)
                            VALUES (:device, :kind, :address, true, 'registration', :at)
                            ON CONFLICT (device_id, kind) DO UPDATE SET address = EXCLUDED.address, active = true,
                                   deactivated_at = NULL, deactivated_reason = NULL,
                                   address_set_by = 'registration', address_set_at = :at
                             WHERE NOT (""" + SET_BY_DEVICE_SINCE + ")")
                    .setParameter("device", deviceId)
                    .setParameter("at", registered.occurredAt())
                    .setParameter("kind", kind)
                    .setParameter("address", channel.address())
                    .executeUpdate()
                    .replaceWithVoid());
        }
        return all;
    }

    /**
     * The user approved the test push on the device. Only an active device of that user becomes
     * verified: a DeviceVerified applied after the device's DeviceRemoved changes nothing (removal
     * wins), and applying it twice keeps the first time.
     */
    public Uni<Void> apply(DeviceVerified verified) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        UPDATE device SET verified = true, verified_at = coalesce(verified_at, :at)
                         WHERE device_id = :device AND tenant_id = :tenant AND user_id = :user AND active
                        """)
                .setParameter("at", verified.occurredAt())
                .setParameter("device", verified.deviceId())
                .setParameter("tenant", verified.tenantId())
                .setParameter("user", verified.userId())
                .executeUpdate()
                .replaceWithVoid());
    }

    /** Also stops what was still queued for the device and tells every instance to drop its stream. */
    public Uni<Void> apply(DeviceRemoved removed) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        UPDATE device SET active = false, removed_at = :at
                         WHERE device_id = :device AND tenant_id = :tenant AND user_id = :user
                        """)
                .setParameter("at", removed.occurredAt())
                .setParameter("device", removed.deviceId())
                .setParameter("tenant", removed.tenantId())
                .setParameter("user", removed.userId())
                .executeUpdate()
                .chain(updated -> updated == 0 ? Uni.createFrom().voidItem() : session.createNativeQuery(
                                "UPDATE device_channel SET active = false, deactivated_at = now(),"
                                        + " deactivated_reason = 'device-removed' WHERE device_id = :device")
                        .setParameter("device", removed.deviceId())
                        .executeUpdate()
                        .chain(() -> stopPushes(session, removed.deviceId()))));
    }

    /**
     * Blocks the device unless a newer block change was applied already (decision 0089): what was
     * still queued for it stops and every instance drops its stream, as for a removal; its channels
     * stay, so an unblock restores its pushes.
     */
    public Uni<Void> apply(DeviceBlocked blocked) {
        return Panache.getSession().chain(session -> changeBlock(session, BLOCK, blocked, blocked.deviceId())
                .chain(updated -> updated == 0 ? Uni.createFrom().voidItem() : stopPushes(session, blocked.deviceId())));
    }

    /** Lifts the block unless a newer block change was applied already; pushes written from now on reach it again. */
    public Uni<Void> apply(DeviceUnblocked unblocked) {
        return Panache.getSession().chain(session -> changeBlock(session, UNBLOCK, unblocked, unblocked.deviceId()))
                .replaceWithVoid();
    }

    /** @return 1 when applied, 0 when a newer block change was applied already (or the device is not known here) */
    private static Uni<Integer> changeBlock(Mutiny.Session session, String setBlockedAt, TweestapEvent change, String deviceId) {
        return session.createNativeQuery("UPDATE device SET " + setBlockedAt + ", block_changed_at = :at"
                        + " WHERE device_id = :device AND tenant_id = :tenant AND user_id = :user"
                        + " AND (block_changed_at IS NULL OR block_changed_at < :at)")
                .setParameter("at", change.occurredAt())
                .setParameter("device", deviceId)
                .setParameter("tenant", change.tenantId())
                .setParameter("user", change.userId())
                .executeUpdate();
    }

    /**
     * Stops what was still queued for the device and, at commit, tells whichever instance holds its
     * stream to drop it: the listener does so whatever ended the trust in the device.
     */
    private static Uni<Void> stopPushes(Mutiny.Session session, String deviceId) {
        return session.createNativeQuery("UPDATE push SET closed_at = now() WHERE device_id = :device AND closed_at IS NULL")
                .setParameter("device", deviceId)
                .executeUpdate()
                .chain(() -> session.createNativeQuery("SELECT count(*) FROM (SELECT pg_notify('tweestap_push', :payload)) n")
                        .setParameter("payload", "device-removed:" + deviceId)
                        .getSingleResult())
                .replaceWithVoid();
    }

    /**
     * The user's active devices that are not blocked, and whether each is verified, inside the caller's
     * transaction: the devices a push may be written for.
     */
    public Uni<List<UserDevice>> activeDevices(String tenantId, String userId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT device_id, verified FROM device WHERE tenant_id = ?1 AND user_id = ?2 AND active"
                                + " AND blocked_at IS NULL ORDER BY device_id", Object[].class)
                .setParameter(1, tenantId)
                .setParameter(2, userId)
                .getResultList())
                .map(rows -> rows.stream().map(row -> new UserDevice((String) row[0], Boolean.TRUE.equals(row[1]))).toList());
    }

    /**
     * The key an active device signs with; empty for an unknown or removed device. A blocked device
     * still has it: it may keep its own push channels current for when it is unblocked.
     */
    public Uni<Optional<DeviceKey>> activeKey(String deviceId) {
        return keyWhere(deviceId, "active");
    }

    /** The key of a device that may hold a stream: active and not blocked (decision 0089). */
    public Uni<Optional<DeviceKey>> streamingKey(String deviceId) {
        return keyWhere(deviceId, "active AND blocked_at IS NULL");
    }

    private Uni<Optional<DeviceKey>> keyWhere(String deviceId, String condition) {
        return pool.preparedQuery("SELECT public_key FROM device WHERE device_id = $1 AND " + condition)
                .execute(Tuple.of(deviceId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    try {
                        return Optional.of(DeviceKey.fromBase64(rows.iterator().next().getString("public_key")));
                    } catch (InvalidDeviceKeyException e) {
                        LOG.warnf("Device %s has an unusable public key in the directory", deviceId);
                        return Optional.empty();
                    }
                });
    }

    /** Whether this directory ever heard of the device (active or removed); false while its registration is on its way. */
    public Uni<Boolean> isKnown(String deviceId) {
        return pool.preparedQuery("SELECT 1 FROM device WHERE device_id = $1").execute(Tuple.of(deviceId))
                .map(rows -> rows.size() > 0);
    }

    /** Active provider channels of a device (kind, address). */
    public Uni<List<ProviderChannel>> providerChannels(String deviceId) {
        return pool.preparedQuery("SELECT kind, address FROM device_channel WHERE device_id = $1 AND active ORDER BY kind")
                .execute(Tuple.of(deviceId))
                .map(rows -> {
                    List<ProviderChannel> channels = new java.util.ArrayList<>();
                    for (Row row : rows) {
                        channels.add(new ProviderChannel(row.getString("kind"), row.getString("address")));
                    }
                    return channels;
                });
    }

    /** A provider token the provider called invalid is not tried again until the device re-registers. */
    public Uni<Void> deactivateChannel(String deviceId, String kind, String reason) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        UPDATE device_channel SET active = false, deactivated_at = now(), deactivated_reason = :reason
                         WHERE device_id = :device AND kind = :kind
                        """)
                .setParameter("reason", reason)
                .setParameter("device", deviceId)
                .setParameter("kind", kind)
                .executeUpdate()
                .replaceWithVoid());
    }

    public record ProviderChannel(String kind, String address) {
    }

    /** An active device; {@code verified} once its test push was approved. */
    public record UserDevice(String deviceId, boolean verified) {
    }
}
