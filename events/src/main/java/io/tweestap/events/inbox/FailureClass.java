package io.tweestap.events.inbox;

import io.tweestap.events.MalformedEventException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * What a failure to apply a record says about the record (decision 0008).
 *
 * <p>Only a record that can never be applied may leave the partition for the dead-letter topic.
 * A database or broker that is away for a while says nothing about the record: parking it then
 * would lose a {@code DeviceRemoved} or {@code RegistrationReset} and leave a removed device
 * trusted, so such failures are retried for as long as they last.
 */
public enum FailureClass {

    /** The platform is unavailable for now (connection, timeout, pool, serialization, deadlock): retry until it works. */
    TRANSIENT,
    /** The record itself is wrong (malformed, unknown version, refused by the handler): dead-letter it at once. */
    PERMANENT,
    /** Anything else, e.g. a constraint the data breaks or a bug: a few retries, then the dead-letter topic. */
    UNEXPECTED;

    /**
     * SQLSTATE classes that describe the server or the connection, never the statement: 08 connection
     * exception, 53 insufficient resources (too many connections, disk full), 57 operator intervention
     * (shutdown, "cannot connect now" while starting), 58 system error (I/O), 40 transaction rollback
     * (serialization failure, deadlock), 55P03 lock not available (lock_timeout).
     */
    private static final Set<String> TRANSIENT_SQLSTATE_CLASSES = Set.of("08", "53", "57", "58", "40");
    private static final Set<String> TRANSIENT_SQLSTATES = Set.of("55P03");

    /** Words in the messages of the connection errors Vert.x throws without a type of their own. */
    private static final Set<String> CONNECTION_WORDS = Set.of("connection", "closed", "timeout", "timed out", "pool");

    public static FailureClass of(Throwable failure) {
        // The cause chain: Hibernate Reactive and Mutiny wrap the driver's exception (CompletionException,
        // HibernateException, PersistenceException). A MalformedEventException anywhere in it wins.
        FailureClass found = UNEXPECTED;
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof MalformedEventException) {
                return PERMANENT;
            }
            if (found == UNEXPECTED && isTransient(t)) {
                found = TRANSIENT;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return found;
    }

    private static boolean isTransient(Throwable t) {
        if (t instanceof DatabaseException database) {
            String state = database.getSqlState();
            return state != null && state.length() == 5
                    && (TRANSIENT_SQLSTATE_CLASSES.contains(state.substring(0, 2)) || TRANSIENT_SQLSTATES.contains(state));
        }
        if (t instanceof ClosedConnectionException
                || t instanceof IOException // ConnectException, SocketException, ClosedChannelException's kin
                || t instanceof java.nio.channels.ClosedChannelException
                || t instanceof TimeoutException
                || t instanceof RetriableException) { // Kafka: broker unavailable, request timed out
            return true;
        }
        // Vert.x reports some connection states as plain throwables with a message only:
        // NoStackTraceThrowable "Connection is not active now", VertxException "Connection closed",
        // the pool's "Timeout" when no connection came in time.
        if (isVertxMessageOnly(t)) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            return CONNECTION_WORDS.stream().anyMatch(message::contains);
        }
        return false;
    }

    private static boolean isVertxMessageOnly(Throwable t) {
        String name = t.getClass().getName();
        return name.equals("io.vertx.core.impl.NoStackTraceThrowable")
                || name.equals("io.vertx.core.impl.NoStackTraceException")
                || name.equals("io.vertx.core.VertxException")
                || name.equals("io.vertx.core.http.ConnectionPoolTooBusyException");
    }
}
