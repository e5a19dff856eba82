package io.tweestap.events.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far the event stream lags behind the database: rows still waiting in the outbox and the age
 * of the oldest. Normally both are zero between two relay rounds; a broker outage shows here first,
 * as a backlog that grows and an age that keeps climbing, long before any consumer notices.
 *
 * <p>Read every poll interval with one aggregate over a table that is empty most of the time, and
 * cached, because a gauge is read on the scrape thread, which must not wait for the database.
 */
@ApplicationScoped
public class OutboxBacklog {

    @Inject
    Pool pool;

    @Inject
    MeterRegistry registry;

    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();

    void register(@Observes StartupEvent startup) {
        Gauge.builder("tweestap.outbox.backlog", rows, AtomicLong::doubleValue)
                .description("Outbox rows not yet acknowledged by the broker")
                .baseUnit("events")
                .register(registry);
        Gauge.builder("tweestap.outbox.oldest.age", oldestAgeMillis, millis -> millis.get() / 1000.0)
                .description("Age of the oldest outbox row not yet acknowledged by the broker")
                .baseUnit("seconds")
                .register(registry);
    }

    @Scheduled(every = "${tweestap.outbox.poll-interval}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> measure() {
        return pool.query("SELECT count(*) AS backlog,"
                        + " coalesce(floor(extract(epoch FROM now() - min(created_at)) * 1000), 0)::bigint AS oldest_ms"
                        + " FROM outbox")
                .execute()
                .invoke(result -> {
                    Row row = result.iterator().next();
                    rows.set(row.getLong("backlog"));
                    oldestAgeMillis.set(Math.max(0, row.getLong("oldest_ms")));
                })
                // A database that cannot be reached keeps the last reading; health checks report the outage.
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
