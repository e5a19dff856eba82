package io.tweestap.notification.delivery;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.tweestap.notification.stream.ConnectedDevices;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
    Vertx vertx;

    @Inject
    ConnectedDevices connected;

    @Inject
    StreamDelivery stream;

    @Inject
    ProviderDispatch providers;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String databaseUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> databaseUser;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> databasePassword;

    private PgSubscriber subscriber;

    void listen(@Observes StartupEvent startup) {
        PgConnectOptions options = PgConnectOptions.fromUri(databaseUrl);
        databaseUser.ifPresent(options::setUser);
        databasePassword.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options);
        subscriber.reconnectPolicy(attempt -> 1000L);
        subscriber.channel(CHANNEL).handler(this::onNotification);
        subscriber.connect().subscribe().with(
                connected -> LOG.debug("Listening for pushes"),
                failure -> LOG.warnf("Cannot LISTEN for pushes (%s); the sweep delivers them instead", failure.getMessage()));
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }

    private void onNotification(String payload) {
        String[] parts = payload.split(":", 3);
        Uni<Void> work;
        if (parts.length == 3 && "push".equals(parts[0])) {
            work = dispatch(UUID.fromString(parts[1]), parts[2]);
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
