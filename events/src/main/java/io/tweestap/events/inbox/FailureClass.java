package io.tweestap.events.inbox;

import io.tweestap.events.MalformedEventException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import com.fasterxml.jackson.core.JacksonException;
import java.util.List;
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
     * SQLSTATEs that describe the server or the connection, never the statement: class 08 connection
     * exception, class 53 insufficient resources (53300 too many connections, disk full, out of memory),
     * class 58 system error (I/O). Not whole classes 40 and 57: 40002 (a constraint broken at commit)
     * is the data, 57014 (query_canceled, e.g. statement_timeout) a statement that will time out again.
     */
    private static final Set<String> TRANSIENT_SQLSTATE_CLASSES = Set.of("08", "53", "58");

    /**
     * 40001 serialization failure, 40P01 deadlock, 55P03 lock not available (lock_timeout),
     * 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up, in recovery),
     * 25006 read-only transaction: what a node answers that a failover has just made a standby.
     */
    private static final Set<String> TRANSIENT_SQLSTATES = Set.of("40001", "40P01", "55P03", "57P01", "57P02", "57P03", "25006");

    /**
     * How the messages of the connection errors Vert.x and its pg client throw without a type of their
     * own begin (lower case), rather than any message that happens to contain "closed" or "timeout".
     */
    private static final List<String> CONNECTION_MESSAGE_STARTS = List.of(
            "connection is not active now", // pg client: the connection is gone ("..., current status: CLOSED")
            "connection closed", // a socket closed under a request
            "pool closed"); // the pool while the application stops: the next owner of the partition applies it

    /** The pool's whole message when no connection came within its connect timeout. */
    private static final String POOL_TIMEOUT = "timeout";

    /** Network failures: the platform did not answer. Any other IOException (e.g. Jackson's) is not one. */
    private static final List<Class<? extends Throwable>> NETWORK_FAILURES = List.of(
            java.net.ConnectException.class,
            java.net.SocketException.class, // connection reset, broken pipe
            java.net.SocketTimeoutException.class,
            java.net.NoRouteToHostException.class,
            java.net.UnknownHostException.class, // DNS away during a failover
            java.nio.channels.ClosedChannelException.class);

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
        if (t instanceof JacksonException) {
            // An IOException, but (de)serialisation fails the same way every time: never hold a partition for it.
            return false;
        }
        if (t instanceof ClosedConnectionException
                || NETWORK_FAILURES.stream().anyMatch(type -> type.isInstance(t))
                || t instanceof TimeoutException
                || t instanceof RetriableException) { // Kafka: broker unavailable, request timed out
            return true;
        }
        if (t.getClass() == java.io.IOException.class
                || t.getClass().getName().equals("io.netty.channel.unix.Errors$NativeIoException")) {
            // A socket the database reset (it stopped or restarted): the JDK says so with a bare IOException.
            String message = t.getMessage() == null ? "" : t.getMessage().strip().toLowerCase(Locale.ROOT);
            if (message.startsWith("connection reset") || message.startsWith("broken pipe")) {
                return true;
            }
        }
        if (t.getClass().getName().equals("io.vertx.core.http.ConnectionPoolTooBusyException")) {
            return true; // the pool's wait queue is full: the database is slow, not the record
        }
        // Vert.x reports some connection states as plain throwables with a message only:
        // NoStackTraceThrowable "Connection is not active now", VertxException "Connection closed",
        // the pool's "Timeout" when no connection came in time.
        if (isVertxMessageOnly(t)) {
            String message = t.getMessage() == null ? "" : t.getMessage().strip().toLowerCase(Locale.ROOT);
            return message.equals(POOL_TIMEOUT) || CONNECTION_MESSAGE_STARTS.stream().anyMatch(message::startsWith);
        }
        return false;
    }

    private static boolean isVertxMessageOnly(Throwable t) {
        String name = t.getClass().getName();
        return name.equals("io.vertx.core.impl.NoStackTraceThrowable")
                || name.equals("io.vertx.core.impl.NoStackTraceException")
                || name.equals("io.vertx.core.VertxException");
    }
}
