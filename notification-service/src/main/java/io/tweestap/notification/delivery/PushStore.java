package io.tweestap.notification.delivery;

import io.smallrye.mutiny.Uni;
import io.tweestap.notification.config.NotificationSettings;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The SQL of delivering push rows (made by {@link Pushes} inside the inbox transaction). Claims are
 * conditional updates, so a row is written to a stream once and handed to the providers once
 * however many instances and sweeps see it; batches of rows are claimed with SKIP LOCKED. Only
 * open rows (not closed, not expired) are ever claimed.
 */
@ApplicationScoped
public class PushStore {

    /** A challenge frame written before $3 and not acknowledged, with re-sends left (fewer than $2). */
    private static final String UNACKED = "kind = 'challenge' AND direct_sent_at IS NOT NULL AND direct_acked_at IS NULL"
            + " AND direct_resends < $2 AND direct_sent_at < $3";

    @Inject
    Pool pool;

    @Inject
    NotificationSettings settings;

    /** A push claimed for a stream write; {@code resend} when its frame was written before without an ack. */
    record Claimed(QueuedPush push, boolean resend) {
    }

    Uni<Optional<QueuedPush>> claimProviders(UUID pushId) {
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
     * Claims the device's unsent rows and its challenge frames written before {@code unackedSince}
     * without an ack (counting a re-send, under the limit); oldest first.
     */
    Uni<List<Claimed>> claimQueued(String deviceId, OffsetDateTime unackedSince) {
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
                });
    }

    /** The stream went away between the claim and the write: due again on the next connect. */
    Uni<Void> unclaimDirect(UUID pushId) {
        return pool.preparedQuery("UPDATE push SET direct_sent_at = NULL WHERE id = $1").execute(Tuple.of(pushId)).replaceWithVoid();
    }

    /**
     * Only a push of the device whose authenticated stream says so is marked read. Not conditioned on
     * {@code direct_sent_at}: the ack may beat the commit of the transaction that wrote the frame. One
     * statement for all the acks of a batch ({@link FrameAcks}).
     *
     * <p>A row another transaction holds is not waited for but skipped, and its push is returned to be
     * tried again with the next batch: the frame's own write not yet committed, or an inbox
     * transaction closing the challenge. Waiting, the batch held the rows it had already marked while
     * that inbox transaction, which marks its rows in another order, waited for one of them: PostgreSQL
     * found the deadlock only after its {@code deadlock_timeout}, a second of push latency each time.
     */
    Uni<Set<UUID>> acknowledged(List<FrameAcks.Ack> acks) {
        UUID[] pushes = acks.stream().map(FrameAcks.Ack::pushId).toArray(UUID[]::new);
        String[] devices = acks.stream().map(FrameAcks.Ack::deviceId).toArray(String[]::new);
        // The last SELECT reads the rows as they were when the statement began: unacknowledged then and
        // not marked now means another transaction held the row.
        return pool.preparedQuery("""
                        WITH a AS (SELECT * FROM unnest($1::uuid[], $2::text[]) AS a(id, device_id)),
                        free AS (SELECT p.id FROM push p JOIN a ON p.id = a.id AND p.device_id = a.device_id
                                 WHERE p.direct_acked_at IS NULL FOR UPDATE OF p SKIP LOCKED),
                        acked AS (UPDATE push p SET direct_acked_at = now() FROM free WHERE p.id = free.id RETURNING p.id)
                        SELECT p.id FROM push p JOIN a ON p.id = a.id AND p.device_id = a.device_id
                        WHERE p.direct_acked_at IS NULL AND p.id NOT IN (SELECT id FROM acked)""")
                .execute(Tuple.of(pushes, devices))
                .map(rows -> {
                    Set<UUID> held = new HashSet<>();
                    rows.forEach(row -> held.add(row.getUUID("id")));
                    return held;
                });
    }

    /** Every provider channel's answer is recorded (or there was none): the lease is concluded. */
    Uni<Void> providersDone(UUID pushId) {
        return pool.preparedQuery("UPDATE push SET providers_done_at = now() WHERE id = $1 AND providers_done_at IS NULL")
                .execute(Tuple.of(pushId)).replaceWithVoid();
    }

    /** Open rows never claimed for the providers a while after they were made: their NOTIFY was lost. */
    Uni<List<UUID>> unclaimedForProviders() {
        return pool.query("SELECT id, device_id FROM push WHERE providers_claimed_at IS NULL AND kind <> 'challenge-closed'"
                        + " AND closed_at IS NULL AND expires_at > now() AND created_at < now() - interval '2 seconds' LIMIT 100")
                .execute()
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    for (Row row : rows) {
                        ids.add(row.getUUID("id"));
                    }
                    return ids;
                });
    }

    /**
     * Rows whose provider claim is older than the lease and never concluded: the instance that
     * claimed them died between the claim and the providers' answers. Renewing the claim in the
     * same statement (rows locked, SKIP LOCKED) lets only one sweep of one instance take each.
     */
    Uni<List<QueuedPush>> takeOverExpiredLeases() {
        return pool.preparedQuery("UPDATE push SET providers_claimed_at = now() WHERE id IN ("
                        + " SELECT id FROM push WHERE providers_claimed_at IS NOT NULL AND providers_done_at IS NULL"
                        + " AND closed_at IS NULL AND providers_claimed_at < now() - make_interval(secs => $1)"
                        + " AND kind <> 'challenge-closed' AND expires_at > now()"
                        + " ORDER BY providers_claimed_at LIMIT 100 FOR UPDATE SKIP LOCKED) RETURNING " + QueuedPush.COLUMNS)
                .execute(Tuple.of(settings.providerLease().toMillis() / 1000.0))
                .map(PushStore::pushes);
    }

    /** Of {@code devices}, those with a row never written or a challenge frame unacknowledged since {@code overdue}. */
    Uni<List<String>> devicesWithFramesDue(List<String> devices, OffsetDateTime overdue) {
        return pool.preparedQuery("SELECT DISTINCT device_id FROM push WHERE device_id = ANY($1)"
                        + " AND closed_at IS NULL AND expires_at > now()"
                        + " AND ((direct_sent_at IS NULL AND created_at < now() - interval '2 seconds') OR (" + UNACKED + "))")
                .execute(Tuple.of(devices.toArray(String[]::new), settings.streamResendLimit(), overdue))
                .map(rows -> {
                    List<String> due = new ArrayList<>();
                    for (Row row : rows) {
                        due.add(row.getString("device_id"));
                    }
                    return due;
                });
    }

    /** Challenge pushes that expired before any channel reached the device, not yet reported. */
    Uni<List<QueuedPush>> expiredUnreported() {
        return pool.query("SELECT " + QueuedPush.COLUMNS + " FROM push WHERE kind = 'challenge' AND expires_at < now()"
                        + " AND delivered_at IS NULL AND expiry_reported_at IS NULL AND closed_at IS NULL LIMIT 100")
                .execute()
                .map(PushStore::pushes);
    }

    private static List<QueuedPush> pushes(Iterable<Row> rows) {
        List<QueuedPush> pushes = new ArrayList<>();
        for (Row row : rows) {
            pushes.add(QueuedPush.of(row));
        }
        return pushes;
    }
}
