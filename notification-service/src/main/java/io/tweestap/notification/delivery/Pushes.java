package io.tweestap.notification.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.events.enrollment.DeviceRegistered;
import io.tweestap.events.enrollment.TemporaryAccessPassIssued;
import io.tweestap.events.enrollment.TemporaryAccessPassRedeemed;
import io.tweestap.notification.config.NotificationSettings;
import io.tweestap.notification.delivery.PushMessage.AccessPassNotice;
import io.tweestap.notification.delivery.PushMessage.ChallengeClosed;
import io.tweestap.notification.delivery.PushMessage.ChallengePush;
import io.tweestap.notification.delivery.PushMessage.NewDeviceNotice;
import io.tweestap.notification.directory.DeviceDirectory;
import io.tweestap.notification.directory.DeviceDirectory.UserDevice;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Turns events into push rows, one per device, inside the inbox transaction of the event. The
 * rows' insert trigger wakes {@link PushDispatcher} at commit; nothing is sent from here. Closing
 * frames only make sense on a live stream, so they are made with nothing left for the providers.
 * A challenge's rows are written on the plain reactive client, in the inbox transaction's connection
 * (decision 0127); the notices, rare, in the Hibernate Reactive session.
 */
@ApplicationScoped
public class Pushes {

    public static final String CHALLENGE = "challenge";
    public static final String CHALLENGE_CLOSED = "challenge-closed";
    public static final String NEW_DEVICE = "new-device";
    public static final String ACCESS_PASS = "access-pass";

    @Inject
    Clock clock;

    @Inject
    DeviceDirectory directory;

    @Inject
    ObjectMapper json;

    @Inject
    NotificationSettings settings;

    /**
     * To the devices the challenge names, when it names any: challenge-service chose them (for a
     * sign-in, only its verified devices, decision 0047), and they get it if they are active devices
     * of that user here — whether or not this service has applied their DeviceVerified yet, which
     * comes on another topic through another consumer and may lag (decision 0014). A challenge that
     * names none goes to the user's active devices that are verified here (a device that never
     * passed its test push is not trusted to approve a sign-in). Never a removed device or another
     * user's: only the user's active devices are looked at. One statement reads them and writes
     * their rows; a row for a device without an active provider channel is made with its provider
     * lease concluded (decision 0105).
     */
    public Uni<Void> challengeCreated(SqlConnection connection, ChallengeCreated created) {
        if (created.expiresAt().isBefore(Instant.now(clock).minus(settings.retention().pushes()))) {
            // A replay of a challenge older than the retention: its rows may be purged already, and
            // pushing (or reporting) it again would be news to nobody.
            return Uni.createFrom().voidItem();
        }
        String payload = write(new ChallengePush(created.challengeId(), created.serverNonce(), created.purpose(), created.application(),
                created.ipAddress(), created.location(), created.expiresAt()));
        List<String> named = created.deviceIds() == null ? List.of() : created.deviceIds();
        return connection.preparedQuery("""
                        INSERT INTO push (id, tenant_id, user_id, device_id, kind, reference, payload, requested_at, expires_at,
                                          delivery_awaited, providers_claimed_at, providers_done_at)
                        SELECT gen_random_uuid(), d.tenant_id, d.user_id, d.device_id, 'challenge', $3, $4, $5, $6, $7,
                               CASE WHEN c.device_id IS NULL THEN now() END, CASE WHEN c.device_id IS NULL THEN now() END
                          FROM device d
                          LEFT JOIN LATERAL (SELECT device_id FROM device_channel
                                              WHERE device_id = d.device_id AND active LIMIT 1) c ON true
                         WHERE d.tenant_id = $1 AND d.user_id = $2 AND d.active AND d.blocked_at IS NULL
                           AND CASE WHEN cardinality($8::text[]) = 0 THEN d.verified ELSE d.device_id = ANY($8::text[]) END
                        ON CONFLICT (device_id, kind, reference) DO NOTHING""")
                .execute(Tuple.from(new Object[] {created.tenantId(), created.userId(), created.challengeId(), payload,
                        created.occurredAt().atOffset(ZoneOffset.UTC), created.expiresAt().atOffset(ZoneOffset.UTC),
                        created.deliveryAwaited(), named.toArray(String[]::new)}))
                .replaceWithVoid();
    }

    /**
     * The challenge is no longer open: queued challenge pushes stop, and every device that was
     * asked gets a closing frame (until the challenge would have expired anyway), but the device
     * whose answer decided it ({@code decidedBy}, null for a code, an expiry or a cancel): it had
     * the outcome in the answer's reply, and a frame, its row and its commit would tell it nothing.
     * One statement: the closing rows are read from the challenge's rows as they were before it.
     */
    public Uni<Void> challengeClosed(SqlConnection connection, String tenantId, String userId, String challengeId,
            String outcome, Instant at, String decidedBy) {
        String payload = write(new ChallengeClosed(challengeId, outcome));
        return connection.preparedQuery("""
                        WITH closed AS (
                            UPDATE push SET closed_at = now()
                             WHERE tenant_id = $1 AND user_id = $2 AND kind = 'challenge' AND reference = $3 AND closed_at IS NULL)
                        INSERT INTO push (id, tenant_id, user_id, device_id, kind, reference, payload, requested_at, expires_at,
                                          providers_claimed_at, providers_done_at)
                        SELECT gen_random_uuid(), p.tenant_id, p.user_id, p.device_id, 'challenge-closed', p.reference,
                               $4, $5, p.expires_at, now(), now()
                          FROM push p JOIN device d ON d.device_id = p.device_id AND d.active AND d.blocked_at IS NULL
                         WHERE p.tenant_id = $1 AND p.user_id = $2 AND p.kind = 'challenge' AND p.reference = $3
                           AND p.device_id <> $6
                        ON CONFLICT (device_id, kind, reference) DO NOTHING""")
                .execute(Tuple.from(new Object[] {tenantId, userId, challengeId, payload, at.atOffset(ZoneOffset.UTC),
                        decidedBy == null ? "" : decidedBy}))
                .replaceWithVoid();
    }

    /**
     * A security notice to every other active, verified device of the user: the devices the user
     * is known to hold. Runs after the directory applied the event.
     */
    public Uni<Void> deviceRegistered(DeviceRegistered registered) {
        String payload = write(new NewDeviceNotice(registered.deviceId(), registered.deviceName(), registered.platform(),
                registered.occurredAt()));
        return directory.activeDevices(registered.tenantId(), registered.userId())
                .map(active -> active.stream().filter(UserDevice::verified).map(UserDevice::deviceId)
                        .filter(device -> !device.equals(registered.deviceId())).toList())
                .chain(others -> insertEach(others, registered.tenantId(), registered.userId(), NEW_DEVICE,
                        registered.deviceId(), payload, registered.occurredAt(),
                        registered.occurredAt().plus(settings.noticeLifetime()), null));
    }

    /** A notice to the user's active, verified devices that the help desk issued them a temporary access pass. */
    public Uni<Void> accessPassIssued(TemporaryAccessPassIssued issued) {
        return accessPassNotice(issued.tenantId(), issued.userId(),
                new AccessPassNotice(issued.passId(), "issued", issued.occurredAt(), issued.expiresAt()));
    }

    /** A notice to the user's active, verified devices that a temporary access pass was spent on a new setup. */
    public Uni<Void> accessPassRedeemed(TemporaryAccessPassRedeemed redeemed) {
        return accessPassNotice(redeemed.tenantId(), redeemed.userId(),
                new AccessPassNotice(redeemed.passId(), "redeemed", redeemed.occurredAt(), null));
    }

    /** One row per device and pass and action, so the same event applied twice is pushed once. */
    private Uni<Void> accessPassNotice(String tenantId, String userId, AccessPassNotice notice) {
        String payload = write(notice);
        return directory.activeDevices(tenantId, userId)
                .map(active -> active.stream().filter(UserDevice::verified).map(UserDevice::deviceId).toList())
                .chain(devices -> insertEach(devices, tenantId, userId, ACCESS_PASS,
                        notice.passId() + ":" + notice.action(), payload, notice.at(),
                        notice.at().plus(settings.noticeLifetime()), null));
    }

    /**
     * A row for a device without an active provider channel is made with its provider lease concluded
     * (decision 0105): nothing to hand to APNs / FCM / Web Push, so no claim, no lookup, no commit for it.
     */
    private Uni<Void> insertEach(List<String> devices, String tenantId, String userId, String kind, String reference,
            String payload, Instant requestedAt, Instant expiresAt, Boolean deliveryAwaited) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (String device : devices) {
            all = all.chain(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                            INSERT INTO push (id, tenant_id, user_id, device_id, kind, reference, payload, requested_at, expires_at,
                                              delivery_awaited, providers_claimed_at, providers_done_at)
                            VALUES (:id, :tenant, :user, :device, :kind, :reference, :payload, :requested, :expires, :awaited,
                                    CASE WHEN EXISTS (SELECT 1 FROM device_channel c WHERE c.device_id = :device AND c.active)
                                         THEN NULL ELSE now() END,
                                    CASE WHEN EXISTS (SELECT 1 FROM device_channel c WHERE c.device_id = :device AND c.active)
                                         THEN NULL ELSE now() END)
                            ON CONFLICT (device_id, kind, reference) DO NOTHING
                            """)
                    .setParameter("id", UUID.randomUUID())
                    .setParameter("tenant", tenantId)
                    .setParameter("user", userId)
                    .setParameter("device", device)
                    .setParameter("kind", kind)
                    .setParameter("reference", reference)
                    .setParameter("payload", payload)
                    .setParameter("requested", requestedAt)
                    .setParameter("expires", expiresAt)
                    .setParameter("awaited", deliveryAwaited)
                    .executeUpdate()
                    .replaceWithVoid()));
        }
        return all;
    }

    private String write(PushMessage message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a " + message.type() + " push", e);
        }
    }
}
