package io.tweestap.notification.delivery;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.tweestap.events.listen.DatabaseNotifications;
import io.tweestap.notification.stream.ConnectedDevices;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Sends committed push rows as they are made. Every instance LISTENs for new rows (the insert
 * trigger NOTIFYs at commit): the one holding the device's stream writes the frame at once
 * ({@link StreamDelivery}), and the first instance to claim the row calls APNs / FCM
 * ({@link ProviderDispatch}). A removed device's notification closes its streams here. What a lost
 * notification misses, {@link PushSweeps} catches.
 */
@ApplicationScoped
public class PushDispatcher {

    static final String CHANNEL = "tweestap_push";
    private static final Logger LOG = Logger.getLogger(PushDispatcher.class);

    @Inject
    DatabaseNotifications notifications;

    @Inject
    ConnectedDevices connected;

    @Inject
    StreamDelivery stream;

    @Inject
    ProviderDispatch providers;

    void listen(@Observes StartupEvent startup) {
        // Pushes notified while LISTEN was away are the sweep's: nothing to do when it is back.
        notifications.subscribe(CHANNEL, Duration.ofSeconds(1), this::onNotification, () -> { }).subscribe().with(
                connected -> LOG.debug("Listening for pushes"),
                failure -> LOG.warnf("Cannot LISTEN for pushes (%s); the sweep delivers them instead", failure.getMessage()));
    }

    private void onNotification(String payload) {
        String[] parts = payload.split(":", 3);
        Uni<Void> work;
        if (parts.length == 3 && "push".equals(parts[0])) {
            work = dispatch(UUID.fromString(parts[1]), parts[2]);
        } else if (parts.length == 3 && "push-stream".equals(parts[0])) {
            // Nothing for the providers (no channel, or a closing frame): only a stream can carry it.
            work = stream.dispatch(UUID.fromString(parts[1]), parts[2]);
        } else if (parts.length == 2 && "device-removed".equals(parts[0])) {
            work = connected.disconnect(parts[1]);
        } else {
            return;
        }
        work.subscribe().with(ok -> { }, failure -> LOG.warnf("Push dispatch failed; the sweep retries: %s", failure.toString()));
    }

    /** A new push row: to the stream if the device is connected here, and to its providers once. */
    Uni<Void> dispatch(UUID pushId, String deviceId) {
        return Uni.join().all(stream.dispatch(pushId, deviceId), providers.dispatch(pushId)).andCollectFailures().replaceWithVoid();
    }
}
