package io.tweestap.events.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.tweestap.events.EventStreamMeters;
import io.tweestap.events.Topic;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka in commit order and deletes them only after the broker
 * acknowledged them ({@code acks=all}). A NOTIFY from the outbox trigger wakes it within
 * milliseconds; a poll every few seconds catches anything a lost notification left behind.
 *
 * <p>Exactly one relay publishes at a time per database, guarded by a transaction-scoped advisory
 * lock, because two relays racing would reorder the events of one user. A crash between the ack
 * and the delete publishes a row twice; consumers de-duplicate on {@code ce_id}.
 */
@ApplicationScoped
public class OutboxRelay {

    static final String WAKE_CHANNEL = "tweestap_outbox";
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long RELAY_LOCK = 0x7477656573746170L; // "tweestap"

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    OutboxSettings settings;

    @Inject
    EventStreamMeters meters;

    @Inject
    @Channel("tweestap-outbox")
    MutinyEmitter<String> emitter;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String databaseUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> databaseUser;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> databasePassword;

    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    private PgSubscriber subscriber;

    void listen(@Observes StartupEvent startup) {
        PgConnectOptions options = PgConnectOptions.fromUri(databaseUrl);
        databaseUser.ifPresent(options::setUser);
        databasePassword.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options);
        subscriber.reconnectPolicy(attempt -> 1000L);
        subscriber.channel(WAKE_CHANNEL).handler(ignored -> wake());
        subscriber.connect().subscribe().with(
                connected -> wake(),
                failure -> LOG.warnf("Outbox relay cannot LISTEN (%s); it polls every %s",
                        failure.getMessage(), settings.pollInterval()));
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }

    @Scheduled(every = "${tweestap.outbox.poll-interval}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        wake();
    }

    /** Asks for a drain; if one runs already, it goes round once more before it stops. */
    public void wake() {
        wakeRequested.set(true);
        if (draining.compareAndSet(false, true)) {
            drain();
        }
    }

    private void drain() {
        wakeRequested.set(false);
        publishBatch().subscribe().with(
                published -> {
                    if (published >= settings.batchSize() || wakeRequested.get()) {
                        drain();
                    } else {
                        finish();
                    }
                },
                failure -> {
                    // The rows stay; the next poll is the back-off.
                    LOG.warnf("Outbox relay could not publish; will retry: %s", failure.toString());
                    draining.set(false);
                });
    }

    private void finish() {
        draining.set(false);
        if (wakeRequested.get() && draining.compareAndSet(false, true)) {
            drain();
        }
    }

    /** A row the broker acknowledged. */
    private record Published(UUID id, String ceType, Instant storedAt) {
    }

    Uni<Integer> publishBatch() {
        return pool.withTransaction(connection -> connection
                        .query("SELECT pg_try_advisory_xact_lock(" + RELAY_LOCK + ")").execute()
                        .chain(locked -> locked.iterator().next().getBoolean(0)
                                ? publishLocked(connection)
                                : Uni.createFrom().item(List.<Published>of())))
                .map(published -> {
                    // Counted once the deletes committed, so a batch retried after a failure is counted once.
                    Instant now = Instant.now();
                    published.forEach(row -> meters.published(row.ceType(), row.storedAt(), now));
                    return published.size();
                });
    }

    private Uni<List<Published>> publishLocked(SqlConnection connection) {
        return connection
                .preparedQuery("SELECT id, aggregatetype, aggregateid, type, subject, payload::text AS payload, occurred_at,"
                        + " created_at FROM outbox ORDER BY seq LIMIT $1")
                .execute(Tuple.of(settings.batchSize()))
                .chain(rows -> rows.size() == 0
                        ? Uni.createFrom().item(List.<Published>of())
                        : send(rows).chain(published -> connection
                                .preparedQuery("DELETE FROM outbox WHERE id = ANY($1)")
                                .execute(Tuple.of(published.stream().map(Published::id).toArray(UUID[]::new)))
                                .replaceWith(published)));
    }

    private Uni<List<Published>> send(RowSet<Row> rows) {
        List<Published> published = new ArrayList<>(rows.size());
        List<Uni<Void>> acks = new ArrayList<>(rows.size());
        for (Row row : rows) {
            published.add(new Published(row.getUUID("id"), row.getString("type"),
                    row.getOffsetDateTime("created_at").toInstant()));
            acks.add(emitter.sendMessage(toMessage(row)));
        }
        return Uni.join().all(acks).andFailFast().replaceWith(published);
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
