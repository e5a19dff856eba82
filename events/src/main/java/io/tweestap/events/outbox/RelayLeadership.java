package io.tweestap.events.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tweestap.events.listen.DatabaseNotifications;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Which relay of a database publishes: the one whose own connection holds the session-level
 * advisory lock. Every batch runs on that same connection, so a leader whose connection died can no
 * longer read or delete outbox rows, and PostgreSQL has released its lock for a stand-by, which
 * tries it every poll interval (decision 0076).
 *
 * <p>The server is told to probe the connection (TCP keepalive after 2 s idle, every 1 s, given up
 * after 2 unanswered; unacknowledged data given up after 4 s), so a relay whose machine vanished
 * without closing its socket loses the lock in about 4 s, not the operating system's two hours.
 * The client side asks for keepalives too; statements have a timeout, after which the relay drops
 * the connection itself.
 */
@ApplicationScoped
public class RelayLeadership {

    /** The same key the per-batch lock of earlier versions took, so a rolling upgrade never has two publishers. */
    static final long RELAY_LOCK = 0x7477656573746170L; // "tweestap"
    static final String WAKE_CHANNEL = "tweestap_outbox";
    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(RelayLeadership.class);
    private static final String KEEPALIVES = "SET tcp_keepalives_idle = 2; SET tcp_keepalives_interval = 1;"
            + " SET tcp_keepalives_count = 2; SET tcp_user_timeout = 4000";

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    @Inject
    DatabaseNotifications notifications;

    private final AtomicInteger leaderGauge = new AtomicInteger();
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile PgConnection connection;
    private volatile PgConnection leading;
    /** Set when a connection failed: the next round only reconnects, so a stand-by that stayed connected wins. */
    private volatile boolean standBack;
    private volatile boolean stopped;
    private Runnable onNotify = () -> { };

    /** Registers the gauge; {@code onNotify} runs for every NOTIFY and when this relay starts leading. */
    void start(Runnable onNotify) {
        this.onNotify = onNotify;
        Gauge.builder("tweestap.outbox.relay.leader", leaderGauge, AtomicInteger::doubleValue)
                .description("1 while this instance's outbox relay holds its database's relay lock and publishes, else 0")
                .register(registry);
    }

    /** Releases the lock at once (a stand-by takes over at its next round) and stops campaigning. */
    void stop() {
        stopped = true;
        PgConnection current = connection;
        if (current != null) {
            current.closeAndForget();
        }
    }

    /** The connection every batch must run on, while this relay leads. */
    Optional<PgConnection> leader() {
        return Optional.ofNullable(leading);
    }

    boolean leads(PgConnection candidate) {
        return candidate != null && candidate == leading;
    }

    /** One round, every poll interval: connect if needed, and a stand-by tries the lock. */
    Uni<Boolean> campaign() {
        if (stopped || leading != null || !busy.compareAndSet(false, true)) {
            return Uni.createFrom().item(leading != null);
        }
        Uni<Boolean> round;
        if (connection == null) {
            boolean tryNow = !standBack;
            standBack = false;
            round = connect().chain(connected -> tryNow ? tryLock(connected) : Uni.createFrom().item(false));
        } else {
            round = tryLock(connection);
        }
        return round
                .onFailure().invoke(failure -> {
                    LOG.warnf("Outbox relay cannot reach its database to stand for leadership: %s", failure.toString());
                    abandon(connection);
                })
                .onFailure().recoverWithItem(false)
                .eventually(() -> busy.set(false));
    }

    /** Drops a connection that stopped answering; PostgreSQL frees the lock when it notices. */
    void abandon(PgConnection failed) {
        if (failed != null) {
            failed.closeAndForget();
            lost(failed, "connection abandoned");
        }
    }

    private Uni<PgConnection> connect() {
        return PgConnection.connect(vertx, connectOptions())
                .ifNoItem().after(STATEMENT_TIMEOUT).fail()
                .chain(opened -> {
                    opened.closeHandler(() -> lost(opened, "connection closed"));
                    opened.exceptionHandler(failure -> LOG.debugf("Outbox relay connection: %s", failure.toString()));
                    connection = opened;
                    return opened.query(KEEPALIVES).execute().replaceWith(opened)
                            .onFailure().invoke(opened::closeAndForget);
                });
    }

    private Uni<Boolean> tryLock(PgConnection candidate) {
        return candidate.query("SELECT pg_try_advisory_lock(" + RELAY_LOCK + ")").execute()
                .ifNoItem().after(STATEMENT_TIMEOUT).fail()
                .map(rows -> rows.iterator().next().getBoolean(0))
                .chain(locked -> locked
                        ? DatabaseNotifications.listen(candidate, WAKE_CHANNEL, payload -> {
                                    if (candidate == leading) {
                                        onNotify.run();
                                    }
                                })
                                .ifNoItem().after(STATEMENT_TIMEOUT).fail()
                                .map(ignored -> lead(candidate))
                        : Uni.createFrom().item(false));
    }

    private boolean lead(PgConnection candidate) {
        synchronized (this) {
            if (candidate != connection || stopped) {
                candidate.closeAndForget();
                return false;
            }
            leading = candidate;
        }
        leaderGauge.set(1);
        LOG.infof("Outbox relay now leads publishing for this database (backend pid %d)", candidate.processId());
        onNotify.run();
        return true;
    }

    private void lost(PgConnection which, String why) {
        boolean wasLeading;
        synchronized (this) {
            if (which == connection) {
                connection = null;
                standBack = !stopped;
            }
            wasLeading = which == leading;
            if (wasLeading) {
                leading = null;
            }
        }
        if (wasLeading) {
            leaderGauge.set(0);
            LOG.infof("Outbox relay stopped leading publishing for this database: %s", why);
        }
    }

    PgConnectOptions connectOptions() {
        PgConnectOptions options = notifications.connectOptions();
        // Idle, interval and count take effect with Vert.x's native transport; the JDK transport keeps the
        // operating system's timings, and the statement timeouts above bound what a dead server costs us.
        options.setTcpKeepAlive(true).setTcpKeepAliveIdleSeconds(2).setTcpKeepAliveIntervalSeconds(1)
                .setTcpKeepAliveCount(2);
        options.setConnectTimeout((int) STATEMENT_TIMEOUT.toMillis());
        return options;
    }
}
