package io.tweestap.notification.directory;

import io.smallrye.mutiny.Uni;
import io.tweestap.notification.provider.WebPushProvider;
import io.tweestap.notification.provider.WebPushSubscription;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A device's own Web Push subscription, one per device, which the device registers and replaces
 * with signed calls (decision 0075); it never travels in an event. Kept as a {@code webpush} row of
 * {@code device_channel}, so delivery, deactivation on 404/410 and removal treat it like APNs / FCM.
 */
@ApplicationScoped
public class WebPushChannels {

    @Inject
    Pool pool;

    /**
     * Stores the subscription as the device's active channel, replacing the one before and undoing a
     * deactivation. Only for an active device: a removal that commits first wins.
     *
     * @return false when the device is not (or no longer) active
     */
    public Uni<Boolean> replace(String deviceId, WebPushSubscription subscription) {
        return pool.preparedQuery("""
                        INSERT INTO device_channel (device_id, kind, address, active, address_set_by, address_set_at)
                        SELECT device_id, $2, $3, true, 'device', now() FROM device WHERE device_id = $1 AND active
                        ON CONFLICT (device_id, kind) DO UPDATE SET address = EXCLUDED.address, active = true,
                               deactivated_at = NULL, deactivated_reason = NULL,
                               address_set_by = 'device', address_set_at = now()
                        """)
                .execute(Tuple.of(deviceId, WebPushProvider.KIND, subscription.toAddress()))
                .map(result -> result.rowCount() == 1);
    }

    /** The user turned notifications off in the app: nothing is sent to the old subscription again. */
    public Uni<Void> remove(String deviceId) {
        return pool.preparedQuery("DELETE FROM device_channel WHERE device_id = $1 AND kind = $2")
                .execute(Tuple.of(deviceId, WebPushProvider.KIND))
                .replaceWithVoid();
    }
}
