package io.tweestap.events.outbox;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tweestap.events.EventStreamMeters;
import io.tweestap.events.StreamMetersWiring;
import io.tweestap.events.listen.DatabaseNotificationsWiring;
import io.vertx.mutiny.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * One service instance's relay, wired by hand as Quarkus wires it: its own Vert.x, its own
 * connection to the database, its own producer, polling every second like the default
 * {@code tweestap.outbox.poll-interval}.
 */
final class RelayInstance implements AutoCloseable {

    static final long POLL_MILLIS = 1000;

    final String name;
    final ProducerEmitter emitter;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Vertx vertx = Vertx.vertx();
    private final OutboxRelay relay = new OutboxRelay();
    private boolean closed;

    RelayInstance(String name, String databaseUri, String bootstrapServers, int batchSize) {
        this(name, databaseUri, bootstrapServers, batchSize, Duration.ZERO);
    }

    RelayInstance(String name, String databaseUri, String bootstrapServers, int batchSize, Duration linger) {
        this.name = name;
        emitter = new ProducerEmitter(bootstrapServers);
        RelayLeadership leadership = new RelayLeadership();
        leadership.vertx = vertx;
        leadership.registry = registry;
        leadership.notifications = DatabaseNotificationsWiring.on(vertx, databaseUri);
        TopicTail tail = new TopicTail();
        tail.kafka = Map.of("bootstrap.servers", bootstrapServers, "group.id", "ignored-by-the-tail");
        EventStreamMeters meters = StreamMetersWiring.on(registry);
        relay.leadership = leadership;
        relay.tail = tail;
        relay.clock = Clock.systemUTC();
        relay.meters = meters;
        relay.emitter = emitter;
        relay.settings = new OutboxSettings() {
            @Override
            public int batchSize() {
                return batchSize;
            }

            @Override
            public String pollInterval() {
                return POLL_MILLIS + "ms";
            }

            @Override
            public Duration linger() {
                return linger;
            }
        };
        relay.start(null);
        vertx.setPeriodic(POLL_MILLIS, tick -> relay.poll());
    }

    /** As application code calls it after writing to the outbox. */
    void wake() {
        relay.wake();
    }

    /** What {@code tweestap_outbox_relay_leader} reads on this instance's /q/metrics. */
    boolean leads() {
        return registry.get("tweestap.outbox.relay.leader").gauge().value() == 1.0;
    }

    double publishedCount() {
        return registry.find("tweestap.events.published").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /** As a process that ends: its sockets close, so PostgreSQL frees its lock. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            relay.stop(null);
            vertx.closeAndAwait();
            emitter.close();
        }
    }
}
