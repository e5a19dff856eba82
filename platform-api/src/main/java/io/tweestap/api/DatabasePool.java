package io.tweestap.api;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The reactive PostgreSQL pool of every service, with waits bounded so that a request the database
 * cannot serve fails within seconds (answered 503 by {@link ProblemMappers}) instead of hanging:
 * Vert.x's defaults wait 60 s for a TCP connect, 30 s for a pooled connection and queue without
 * limit. Quarkus has no setting for these three, so the pool is made here with Quarkus' own options
 * (URL, credentials, size, idle timeout) plus them.
 */
@ApplicationScoped
public class DatabasePool implements PgPoolCreator {

    /** A TCP connect to PostgreSQL (a server that is down refuses at once; an unreachable one is given this long). */
    @ConfigProperty(name = "tweestap.database.connect-timeout", defaultValue = "PT3S")
    Duration connectTimeout;

    /** How long a request waits for a pooled connection before it is answered 503. */
    @ConfigProperty(name = "tweestap.database.acquire-timeout", defaultValue = "PT5S")
    Duration acquireTimeout;

    /** Requests waiting for a connection at most; one more is answered 503 at once. */
    @ConfigProperty(name = "tweestap.database.max-waiting", defaultValue = "1000")
    int maxWaiting;

    @Override
    public Pool create(Input input) {
        PoolOptions options = new PoolOptions(input.poolOptions())
                .setConnectionTimeout((int) Math.max(1, acquireTimeout.toMillis()))
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxWaitQueueSize(maxWaiting);
        for (PgConnectOptions connect : input.pgConnectOptionsList()) {
            connect.setConnectTimeout((int) connectTimeout.toMillis());
        }
        return PgPool.pool(input.vertx(), input.pgConnectOptionsList(), options);
    }
}
