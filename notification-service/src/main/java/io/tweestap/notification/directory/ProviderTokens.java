package io.tweestap.notification.directory;

import io.smallrye.mutiny.Uni;
import io.tweestap.notification.provider.ProviderToken;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A device's APNs or FCM token as the device itself replaces it with a signed call, when the
 * provider gave it a new one (decision 0088). Kept in the same {@code device_channel} row a
 * DeviceRegistered writes, marked as set by the device and when, so an older registration event
 * applied later does not put the old token back ({@link DeviceDirectory}).
 */
@ApplicationScoped
public class ProviderTokens {

    /** What the replacement did. */
    public enum Outcome {
        /** The device is not (or no longer) active: nothing stored. */
        INACTIVE_DEVICE,
        /** Stored; the channel was absent or held another token, or had been deactivated. */
        REPLACED,
        /** The same token, already active: nothing changed. */
        UNCHANGED
    }

    @Inject
    Pool pool;

    /**
     * Stores the token as the device's active channel of its kind, undoing a deactivation (a token
     * the provider refused is replaced by a new one). Only for an active device: a removal that
     * commits first wins.
     */
    public Uni<Outcome> replace(String deviceId, ProviderToken token) {
        return pool.preparedQuery("""
                        WITH before AS (SELECT address, active FROM device_channel WHERE device_id = $1 AND kind = $2)
                        INSERT INTO device_channel (device_id, kind, address, active, address_set_by, address_set_at)
                        SELECT device_id, $2, $3, true, 'device', now() FROM device WHERE device_id = $1 AND active
                        ON CONFLICT (device_id, kind) DO UPDATE SET address = EXCLUDED.address, active = true,
                               deactivated_at = NULL, deactivated_reason = NULL,
                               address_set_by = 'device', address_set_at = now()
                        RETURNING (SELECT address = $3 AND active FROM before) AS unchanged
                        """)
                .execute(Tuple.of(deviceId, token.kind(), token.token()))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return Outcome.INACTIVE_DEVICE;
                    }
                    Boolean unchanged = rows.iterator().next().getBoolean("unchanged");
                    return Boolean.TRUE.equals(unchanged) ? Outcome.UNCHANGED : Outcome.REPLACED;
                });
    }
}
