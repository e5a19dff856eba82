package io.tweestap.notification.delivery;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.tweestap.notification.config.NotificationSettings;
import io.tweestap.notification.directory.DeviceDirectory;
import io.tweestap.notification.directory.DeviceDirectory.ProviderChannel;
import io.tweestap.notification.provider.ProviderAnswer;
import io.tweestap.notification.provider.ProviderDelivery;
import io.tweestap.notification.provider.ProviderPush;
import io.tweestap.notification.provider.PushProvider;
import io.tweestap.notification.stream.ConnectedDevices;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends committed push rows. Every instance LISTENs for new rows: the one holding the device's
 * stream writes the frame at once, and one instance (the first to claim the row) calls APNs / FCM.
 * Claims are conditional updates, so a row is written to a stream once and handed to the
 * providers once however many instances and sweeps see it. The device acknowledges each frame; a
 * challenge frame still unacknowledged after {@code stream-ack-timeout} is written again (by the
 * sweep while the device is connected here, at once on its next connect), a bounded number of
 * times (decision 0013). The provider claim is a lease: when the sends conclude the row is marked
 * done, and a claim still not done when the lease runs out (its instance died mid-send) is taken
 * over by the sweep and sent again, at least once in all.
 * The sweep also covers a lost notification and reports challenge pushes that expired without
 * reaching the device.
 */
@ApplicationScoped
public class PushDispatcher {

    static final String CHANNEL = "tweestap_push";
    private static final Logger LOG = Logger.getLogger(PushDispatcher.class);
    private static final String DIRECT = "direct";
    /** A challenge frame written before $3 and not acknowledged, with re-sends left (fewer than $2). */
    private static final String UNACKED = "kind = 'challenge' AND direct_sent_at IS NOT NULL AND direct_acked_at IS NULL"
            + " AND direct_resends < $2 AND direct_sent_at < $3";

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    ConnectedDevices connected;

    @Inject
    DeviceDirectory directory;

    @Inject
    ProviderDelivery providerDelivery;

    @Inject
    Instance<PushProvider> providers;

    @Inject
    DeliveryOutcomes outcomes;

    @Inject
    ObjectMapper json;

    @Inject
    NotificationSettings settings;

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

    void checkLease(@Observes StartupEvent startup) {
        Duration longest = providerDelivery.longestSend();
        if (settings.providerLease().compareTo(longest) <= 0) {
            LOG.warnf("tweestap.notification.provider-lease (%s) is not longer than the longest provider send (%s):"
                    + " a slow send may be taken over by the sweep and sent twice", settings.providerLease(), longest);
        }
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
        Uni<Void> direct = connected.isConnected(deviceId)
                ? claimDirect(pushId).chain(push -> writeToStream(push, false))
                : Uni.createFrom().voidItem();
        Uni<Void> viaProviders = claimProviders(pushId).chain(push -> push.isPresent() ? sendToProviders(push.get()) : Uni.createFrom().voidItem());
        return Uni.join().all(direct, viaProviders).andCollectFailures().replaceWithVoid();
    }

    /**
     * Everything queued for a device that just opened its stream (at {@code openedAt}), oldest
     * first, and every open challenge frame written to it before that and never acknowledged (the
     * frame may have died with the previous connection), as long as the frame's re-sends are under
     * the limit. A frame written after the open went to this connection and waits for its ack.
     */
    public Uni<Void> sendQueued(String deviceId, Instant openedAt) {
        return sendQueued(deviceId, openedAt.atOffset(ZoneOffset.UTC));
    }

    /**
     * Claims the device's unsent rows and its challenge frames written before {@code unackedSince}
     * without an ack (counting a re-send), and writes them oldest first.
     */
    private Uni<Void> sendQueued(String deviceId, OffsetDateTime unackedSince) {
        return pool.preparedQuery("UPDATE push SET direct_resends = direct_resends"
                        + " + CASE WHEN direct_sent_at IS NULL THEN 0 ELSE 1 END, direct_sent_at = now() WHERE id IN ("
                        + " SELECT id FROM push WHERE device_id = $1 AND closed_at IS NULL AND expires_at > now()"
                        + " AND (direct_sent_at IS NULL OR (" + UNACKED + ")) FOR UPDATE SKIP LOCKED)"
                        + " RETURNING " + QueuedPush.COLUMNS + ", direct_resends")
                .execute(Tuple.of(deviceId, settings.streamResendLimit(), unackedSince))
                .map(rows -> {
                    List<Claimed> queued = new ArrayList<>();
                    for (Row row : rows) {
                        queued.add(new Claimed(QueuedPush.of(row), row.getInteger("direct_resends") > 0));
                    }
                    queued.sort(Comparator.comparing(claimed -> claimed.push().createdAt()));
                    return queued;
                })
                .chain(queued -> {
                    Uni<Void> inOrder = Uni.createFrom().voidItem();
                    for (Claimed claimed : queued) {
                        if (claimed.resend()) {
                            LOG.debugf("Push %s was not acknowledged by device %s; writing it again", claimed.push().id(), deviceId);
                        }
                        inOrder = inOrder.chain(() -> writeToStream(Optional.of(claimed.push()), claimed.resend()));
                    }
                    return inOrder;
                });
    }

    private record Claimed(QueuedPush push, boolean resend) {
    }

    /**
     * The device read the frame of this push. Only a push of the device whose authenticated stream
     * says so is marked; an id of another device's push changes nothing.
     */
    public Uni<Void> acknowledged(String deviceId, UUID pushId) {
        return pool.preparedQuery("UPDATE push SET direct_acked_at = now() WHERE id = $1 AND device_id = $2"
                        + " AND direct_sent_at IS NOT NULL AND direct_acked_at IS NULL")
                .execute(Tuple.of(pushId, deviceId)).replaceWithVoid();
    }

    private Uni<Optional<QueuedPush>> claimDirect(UUID pushId) {
        return claim("UPDATE push SET direct_sent_at = now() WHERE id = $1 AND direct_sent_at IS NULL"
                + " AND closed_at IS NULL AND expires_at > now() RETURNING " + QueuedPush.COLUMNS, pushId);
    }

    private Uni<Optional<QueuedPush>> claimProviders(UUID pushId) {
        // Closing frames only make sense on a live stream; providers carry challenges and notices.
        return claim("UPDATE push SET providers_claimed_at = now() WHERE id = $1 AND providers_claimed_at IS NULL"
                + " AND kind <> 'challenge-closed' AND closed_at IS NULL AND expires_at > now() RETURNING " + QueuedPush.COLUMNS,
                pushId);
    }

    private Uni<Optional<QueuedPush>> claim(String sql, UUID pushId) {
        return pool.preparedQuery(sql).execute(Tuple.of(pushId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(QueuedPush.of(rows.iterator().next())));
    }

    /**
     * Delivered on the direct channel means the first write to the socket (decision 0013): a
     * re-send publishes nothing more, and one that finds the stream gone stays due for the next connect.
     */
    private Uni<Void> writeToStream(Optional<QueuedPush> claimed, boolean resend) {
        if (claimed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        QueuedPush push = claimed.get();
        return connected.send(push.deviceId(), frame(push)).chain(sent -> {
            if (resend) {
                return Uni.createFrom().voidItem();
            }
            return sent
                    ? outcomes.delivered(push, DIRECT)
                    // The stream went away between the claim and the write: queue it again for the next connect.
                    : pool.preparedQuery("UPDATE push SET direct_sent_at = NULL WHERE id = $1").execute(Tuple.of(push.id()))
                            .replaceWithVoid();
        });
    }

    /**
     * The stored frame with the push's id first, for the device to acknowledge. Added at write
     * time, so the stored frame (and what APNs / FCM carry) stays as it was; older apps ignore it.
     */
    static String frame(QueuedPush push) {
        String payload = push.payload();
        return "{\"pushId\":\"" + push.id() + "\"" + (payload.length() > 2 ? "," : "") + payload.substring(1);
    }

    /** Marks the row done once every channel's answer is recorded; a failure leaves it to the lease. */
    private Uni<Void> sendToProviders(QueuedPush push) {
        return directory.providerChannels(push.deviceId()).chain(channels -> {
            if (channels.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            ProviderPush providerPush = new ProviderPush(push.id().toString(), push.kind(), push.reference(),
                    data(push.payload()), push.expiresAt());
            List<Uni<Void>> sends = channels.stream().map(channel -> sendTo(channel, push, providerPush)).toList();
            return Uni.join().all(sends).andCollectFailures().replaceWithVoid();
        }).chain(() -> pool.preparedQuery("UPDATE push SET providers_done_at = now() WHERE id = $1 AND providers_done_at IS NULL")
                .execute(Tuple.of(push.id())).replaceWithVoid());
    }

    private Uni<Void> sendTo(ProviderChannel channel, QueuedPush push, ProviderPush providerPush) {
        Optional<PushProvider> provider = providers.stream().filter(candidate -> candidate.kind().equals(channel.kind())).findFirst();
        if (provider.isEmpty() || !provider.get().enabled()) {
            return outcomes.failed(push, channel.kind(), "channel-not-configured");
        }
        return providerDelivery.send(provider.get(), providerPush, channel.address()).chain(answer -> {
            if (answer instanceof ProviderAnswer.Accepted) {
                return outcomes.delivered(push, channel.kind());
            }
            if (answer instanceof ProviderAnswer.InvalidToken invalid) {
                LOG.infof("%s reports the token of device %s invalid (%s); channel deactivated",
                        channel.kind(), push.deviceId(), invalid.detail());
                return outcomes.invalidToken(push, channel.kind());
            }
            if (answer instanceof ProviderAnswer.Rejected rejected) {
                LOG.warnf("%s rejected push %s: %s", channel.kind(), push.id(), rejected.detail());
                return outcomes.failed(push, channel.kind(), "rejected: " + rejected.detail());
            }
            ProviderAnswer.Unavailable unavailable = (ProviderAnswer.Unavailable) answer;
            LOG.warnf("%s unavailable for push %s after retries: %s", channel.kind(), push.id(), unavailable.detail());
            return outcomes.failed(push, channel.kind(), "unavailable: " + unavailable.detail());
        });
    }

    /** Providers carry flat string data; the stored frame is the single source of what a device may see. */
    private Map<String, String> data(String payload) {
        try {
            Map<String, Object> fields = json.readValue(payload, new TypeReference<Map<String, Object>>() { });
            Map<String, String> data = new LinkedHashMap<>();
            fields.forEach((key, value) -> {
                if (value != null) {
                    data.put(key, value.toString());
                }
            });
            return data;
        } catch (IOException e) {
            throw new IllegalStateException("Unreadable push payload", e);
        }
    }

    @Scheduled(every = "${tweestap.notification.sweep-interval}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        return Uni.join().all(retryLostNotifications(), takeOverExpiredLeases(), flushConnectedDevices(), reportExpired())
                .andCollectFailures().replaceWithVoid()
                .onFailure().invoke(failure -> LOG.warnf("Push sweep failed; next sweep retries: %s", failure.toString()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> retryLostNotifications() {
        return pool.query("SELECT id, device_id FROM push WHERE providers_claimed_at IS NULL AND kind <> 'challenge-closed'"
                        + " AND closed_at IS NULL AND expires_at > now() AND created_at < now() - interval '2 seconds' LIMIT 100")
                .execute()
                .chain(rows -> {
                    List<Uni<Void>> work = new ArrayList<>();
                    for (Row row : rows) {
                        work.add(claimProviders(row.getUUID("id"))
                                .chain(push -> push.isPresent() ? sendToProviders(push.get()) : Uni.createFrom().voidItem()));
                    }
                    return work.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(work).andCollectFailures().replaceWithVoid();
                });
    }

    /**
     * Rows whose provider claim is older than the lease and never concluded: the instance that
     * claimed them died between the claim and the providers' answers. Renewing the claim in the
     * same statement (rows locked, SKIP LOCKED) lets only one sweep of one instance take each.
     */
    private Uni<Void> takeOverExpiredLeases() {
        return pool.preparedQuery("UPDATE push SET providers_claimed_at = now() WHERE id IN ("
                        + " SELECT id FROM push WHERE providers_claimed_at IS NOT NULL AND providers_done_at IS NULL"
                        + " AND closed_at IS NULL AND providers_claimed_at < now() - make_interval(secs => $1)"
                        + " AND kind <> 'challenge-closed' AND expires_at > now()"
                        + " ORDER BY providers_claimed_at LIMIT 100 FOR UPDATE SKIP LOCKED) RETURNING " + QueuedPush.COLUMNS)
                .execute(Tuple.of(settings.providerLease().toMillis() / 1000.0))
                .chain(rows -> {
                    List<Uni<Void>> work = new ArrayList<>();
                    for (Row row : rows) {
                        QueuedPush push = QueuedPush.of(row);
                        LOG.infof("Provider claim on push %s expired unfinished (instance gone mid-send); sending it again", push.id());
                        work.add(sendToProviders(push));
                    }
                    return work.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(work).andCollectFailures().replaceWithVoid();
                });
    }

    private Uni<Void> flushConnectedDevices() {
        List<String> devices = List.copyOf(connected.deviceIds());
        if (devices.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // The cut-off is this instance's clock against the database's write time: a skew between the
        // two only moves a re-send earlier or later by that much.
        OffsetDateTime overdue = Instant.now().minus(settings.streamAckTimeout()).atOffset(ZoneOffset.UTC);
        return pool.preparedQuery("SELECT DISTINCT device_id FROM push WHERE device_id = ANY($1)"
                        + " AND closed_at IS NULL AND expires_at > now()"
                        + " AND ((direct_sent_at IS NULL AND created_at < now() - interval '2 seconds') OR (" + UNACKED + "))")
                .execute(Tuple.of(devices.toArray(String[]::new), settings.streamResendLimit(), overdue))
                .chain(rows -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (Row row : rows) {
                        String device = row.getString("device_id");
                        all = all.chain(() -> sendQueued(device, overdue));
                    }
                    return all;
                });
    }

    private Uni<Void> reportExpired() {
        return pool.query("SELECT " + QueuedPush.COLUMNS + " FROM push WHERE kind = 'challenge' AND expires_at < now()"
                        + " AND delivered_at IS NULL AND expiry_reported_at IS NULL AND closed_at IS NULL LIMIT 100")
                .execute()
                .chain(rows -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (Row row : rows) {
                        QueuedPush push = QueuedPush.of(row);
                        all = all.chain(() -> outcomes.expiredUndelivered(push));
                    }
                    return all;
                });
    }
}
