package io.tweestap.events.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tweestap.events.EventStreamMeters;
import io.tweestap.events.Topic;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka in {@code seq} order and deletes them after the broker
 * acknowledged them ({@code acks=all}). Only the leader of the database publishes
 * ({@link RelayLeadership}), every statement on the connection that holds the relay lock, so one
 * user's events leave in order however many instances run; the others stand by. A NOTIFY from the
 * outbox trigger wakes the leader within milliseconds (or, with {@code tweestap.outbox.linger}, that
 * long after, so the rows of many commits leave in one batch); a poll every interval catches anything
 * a lost notification left behind and lets a stand-by try for the lead.
 *
 * <p>Before its first batch, and after any batch that failed once sending had begun, the leader
 * deletes the rows whose events are already on the topic ({@link TopicTail}): a predecessor that
 * died between the ack and the delete, or a delete that failed, leaves at most one batch behind,
 * and those records are the last ones of their partitions (decision 0076).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject
    RelayLeadership leadership;

    @Inject
    TopicTail tail;

    /** The service's clock (each service produces one): the delay from a row's commit to its ack. */
    @Inject
    Clock clock;

    @Inject
    OutboxSettings settings;

    @Inject
    EventStreamMeters meters;

    @Inject
    @Channel("tweestap-outbox")
    MutinyEmitter<String> emitter;

    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    /** The leader connection whose outbox matches the topic: no batch of it may be on the topic undeleted. */
    private volatile PgConnection reconciled;

    void start(@Observes StartupEvent startup) {
        leadership.start(this::wake);
        poll();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        leadership.stop();
    }

    @Scheduled(every = "${tweestap.outbox.poll-interval}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        if (leadership.leader().isPresent()) {
            wake();
        } else {
            leadership.campaign().subscribe().with(led -> { }, failure -> { });
        }
    }

    /**
     * Asks for a drain; if one runs already, it goes round once more before it stops. On a stand-by
     * it does nothing: the outbox trigger's NOTIFY reaches the leader.
     */
    public void wake() {
        wakeRequested.set(true);
        if (draining.compareAndSet(false, true)) {
            drainAfterLinger();
        }
    }

    /** Wake-ups that come during the linger only mark the drain as wanted: their rows are read with the first. */
    private void drainAfterLinger() {
        Duration linger = settings.linger();
        if (linger.isZero() || linger.isNegative()) {
            drain();
            return;
        }
        Uni.createFrom().voidItem().onItem().delayIt().by(linger).subscribe().with(
                ignored -> drain(),
                failure -> draining.set(false));
    }

    private void drain() {
        wakeRequested.set(false);
        Optional<PgConnection> leader = leadership.leader();
        if (leader.isEmpty()) {
            draining.set(false);
            return;
        }
        publishBatch(leader.get()).subscribe().with(
                published -> {
                    if (published >= settings.batchSize()) {
                        drain();
                    } else if (wakeRequested.get()) {
                        drainAfterLinger();
                    } else {
                        finish();
                    }
                },
                failure -> {
                    // The rows stay; the next poll is the back-off.
                    LOG.warnf("Outbox relay could not publish; will retry: %s", failure.toString());
                    if (failure instanceof TimeoutException) {
                        leadership.abandon(leader.get());
                    }
                    draining.set(false);
                });
    }

    private void finish() {
        draining.set(false);
        if (wakeRequested.get() && draining.compareAndSet(false, true)) {
            drainAfterLinger();
        }
    }

    /** A row the broker acknowledged. */
    private record Published(UUID id, String ceType, Instant storedAt) {
    }

    /**
     * One transaction from the read to the delete, across the broker's acknowledgement: one commit
     * per batch instead of two (issue 13). The rows are not locked by the read (only the leader
     * deletes them), so writers are never held up; a failed send or delete rolls back and the rows
     * stay, and a commit that fails after the acknowledgement leaves the batch on the topic without
     * its delete, which the next try reconciles as before.
     */
    Uni<Integer> publishBatch(PgConnection leader) {
        Uni<Void> ready = reconciled == leader ? Uni.createFrom().voidItem() : reconcile(leader);
        return ready
                .chain(() -> timed(leader.begin()))
                .chain(transaction -> timed(leader.preparedQuery("SELECT id, aggregatetype, aggregateid, type, subject,"
                                        + " payload::text AS payload, occurred_at, created_at FROM outbox ORDER BY seq LIMIT $1")
                                .execute(Tuple.of(settings.batchSize())))
                        .chain(rows -> rows.size() == 0
                                ? Uni.createFrom().item(List.<Published>of())
                                : send(leader, rows).chain(published -> timed(leader
                                                .preparedQuery("DELETE FROM outbox WHERE id = ANY($1)")
                                                .execute(Tuple.of(published.stream().map(Published::id).toArray(UUID[]::new))))
                                        .replaceWith(published)))
                        .call(() -> timed(transaction.commit()))
                        .invoke(() -> reconciled = leader)
                        // The client may have rolled back already (a failed statement ends the transaction).
                        .onFailure().call(() -> transaction.rollback().onFailure().recoverWithNull()))
                .map(published -> {
                    // Counted once the delete committed, so a batch retried after a failure is counted once.
                    Instant now = clock.instant();
                    published.forEach(row -> meters.published(row.ceType(), row.storedAt(), now));
                    return published.size();
                });
    }

    /**
     * Deletes the rows whose events are already on their topics. The outbox names the topics
     * ({@code aggregatetype}); an empty outbox has nothing to reconcile.
     */
    private Uni<Void> reconcile(PgConnection leader) {
        return timed(leader.query("SELECT DISTINCT aggregatetype FROM outbox").execute())
                .chain(rows -> {
                    List<String> topics = new ArrayList<>();
                    rows.forEach(row -> topics.add(row.getString(0)));
                    if (topics.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    long started = System.nanoTime();
                    return Uni.createFrom().item(() -> tail.eventIds(topics, settings.batchSize()))
                            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                            .chain(ids -> deleteAlreadyPublished(leader, ids))
                            .invoke(deleted -> LOG.infof("Outbox relay read the last %d records of each partition of %s"
                                    + " in %d ms: %d outbox rows were already there and are deleted, not published again",
                                    settings.batchSize(), topics, (System.nanoTime() - started) / 1_000_000, deleted))
                            .replaceWithVoid();
                })
                .invoke(() -> reconciled = leader);
    }

    private Uni<Integer> deleteAlreadyPublished(PgConnection leader, Set<String> eventIds) {
        UUID[] ids = eventIds.stream().map(OutboxRelay::uuidOrNull).filter(Objects::nonNull).toArray(UUID[]::new);
        if (ids.length == 0) {
            return Uni.createFrom().item(0);
        }
        return timed(leader.preparedQuery("DELETE FROM outbox WHERE id = ANY($1) RETURNING type, created_at")
                        .execute(Tuple.of(ids)))
                .map(deleted -> {
                    Instant now = clock.instant();
                    // Acknowledged by the previous try, which could not count them: counted here, once.
                    deleted.forEach(row -> meters.published(row.getString("type"),
                            row.getOffsetDateTime("created_at").toInstant(), now));
                    return deleted.rowCount();
                });
    }

    private Uni<List<Published>> send(PgConnection leader, RowSet<Row> rows) {
        if (!leadership.leads(leader)) {
            return Uni.createFrom().failure(new IllegalStateException("lost the relay lock before sending"));
        }
        // From here until the delete commits, this batch may be on the topic without its delete.
        reconciled = null;
        List<Published> published = new ArrayList<>(rows.size());
        List<Uni<Void>> acks = new ArrayList<>(rows.size());
        for (Row row : rows) {
            published.add(new Published(row.getUUID("id"), row.getString("type"),
                    row.getOffsetDateTime("created_at").toInstant()));
            acks.add(emitter.sendMessage(toMessage(row)));
        }
        // Waits for every send, failed or not, so that no record of the batch is still under way when
        // the next try reads the topic's tail.
        return Uni.join().all(acks).andCollectFailures().replaceWith(published);
    }

    private static <T> Uni<T> timed(Uni<T> statement) {
        return statement.ifNoItem().after(RelayLeadership.STATEMENT_TIMEOUT).fail();
    }

    private static UUID uuidOrNull(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notOurs) {
            return null;
        }
    }

    private static Message<String> toMessage(Row row) {
        String topic = row.getString("aggregatetype");
        return Message.of(row.getString("payload"))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(topic)
                        .withKey(row.getString("aggregateid"))
                        .build())
                .addMetadata(OutgoingCloudEventMetadata.<String>builder()
                        .withId(row.getUUID("id").toString())
                        .withType(row.getString("type"))
                        .withSource(Topic.ofTopicName(topic).source())
                        .withSubject(row.getString("subject"))
                        .withTimestamp(row.getOffsetDateTime("occurred_at").toZonedDateTime())
                        .withDataContentType("application/json")
                        .build());
    }
}
