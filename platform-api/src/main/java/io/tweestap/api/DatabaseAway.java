package io.tweestap.api;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Whether a failure says the database is away (down, restarting, unreachable, out of connections)
 * rather than anything about the request: such a request is answered 503 with {@code Retry-After},
 * at once, and the same request succeeds when the database is back. The inbox's {@code FailureClass}
 * (events module) makes the same call for consumed records, and also knows Kafka's failures.
 */
public final class DatabaseAway {

    /**
     * SQLSTATEs of the server or the connection, never of the statement: class 08 connection
     * exception, 53 insufficient resources (too many connections), 57P01-57P03 shutting down,
     * crashed or starting up, 25006 read-only (a failover just made the node a standby).
     */
    private static final Set<String> SQLSTATE_CLASSES = Set.of("08", "53");
    private static final Set<String> SQLSTATES = Set.of("57P01", "57P02", "57P03", "25006");

    /** How Vert.x's message-only connection failures begin (lower case). */
    private static final List<String> MESSAGE_STARTS = List.of(
            "connection is not active now", "connection closed", "pool closed");

    /**
     * How the socket's own failures begin (lower case) when the JDK or Netty reports them as a bare
     * {@code IOException}, not a {@code SocketException}: a PostgreSQL that stops resets its
     * connections, and a request on one was answered 500 instead of 503 (seen in the scale-out test).
     */
    private static final List<String> SOCKET_MESSAGE_STARTS = List.of("connection reset", "broken pipe");

    /** The pool's whole message when no connection came within its connection timeout. */
    private static final String POOL_TIMEOUT = "timeout";

    private static final List<Class<? extends Throwable>> NETWORK_FAILURES = List.of(
            java.net.ConnectException.class,
            java.net.SocketException.class,
            java.net.SocketTimeoutException.class,
            java.net.NoRouteToHostException.class,
            java.net.UnknownHostException.class,
            java.nio.channels.ClosedChannelException.class,
            ClosedConnectionException.class,
            TimeoutException.class);

    private DatabaseAway() {
    }

    /** Looks through the cause chain: Hibernate Reactive and Mutiny wrap the driver's exception. */
    public static boolean explains(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            if (isAway(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean isAway(Throwable t) {
        if (t instanceof DatabaseException database) {
            String state = database.getSqlState();
            return state != null && state.length() == 5
                    && (SQLSTATE_CLASSES.contains(state.substring(0, 2)) || SQLSTATES.contains(state));
        }
        if (NETWORK_FAILURES.stream().anyMatch(type -> type.isInstance(t))) {
            return true;
        }
        if (t.getClass() == java.io.IOException.class
                || t.getClass().getName().equals("io.netty.channel.unix.Errors$NativeIoException")) {
            // Only the bare IOException of a socket, never a subclass such as Jackson's parse errors.
            String message = t.getMessage() == null ? "" : t.getMessage().strip().toLowerCase(Locale.ROOT);
            return SOCKET_MESSAGE_STARTS.stream().anyMatch(message::startsWith);
        }
        String name = t.getClass().getName();
        if (name.equals("io.vertx.core.http.ConnectionPoolTooBusyException")) {
            return true; // the pool's wait queue is full: every connection is busy or being made
        }
        if (name.equals("io.vertx.core.impl.NoStackTraceThrowable") || name.equals("io.vertx.core.impl.NoStackTraceException")
                || name.equals("io.vertx.core.VertxException")) {
            String message = t.getMessage() == null ? "" : t.getMessage().strip().toLowerCase(Locale.ROOT);
            return message.equals(POOL_TIMEOUT) || MESSAGE_STARTS.stream().anyMatch(message::startsWith);
        }
        return false;
    }
}
