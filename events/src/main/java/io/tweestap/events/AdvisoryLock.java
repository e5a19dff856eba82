package io.tweestap.events;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * One class of PostgreSQL advisory locks held until the caller's transaction ends
 * ({@code pg_advisory_xact_lock(class, hashtext(key))}): how a service makes the transactions that
 * touch something with no single row to lock (a user's setup, a user's run of wrong codes, a tenant's
 * or a country's send budget) go one at a time, on every instance. The class keeps kinds apart, so a
 * tenant's key can never meet a user's; within a class, two keys whose hashes collide only wait for
 * each other, which costs time and never correctness. Nothing to release: commit or rollback does.
 *
 * <p>Callers that take several locks take them in one fixed order, so no two transactions can wait
 * for each other in a cycle.
 */
public record AdvisoryLock(int lockClass) {

    private static final String TAKE = "SELECT 1 FROM pg_advisory_xact_lock($1, hashtext($2))";

    /** Waits for the lock of {@code key} within the current Hibernate Reactive transaction. */
    public Uni<Void> hold(String key) {
        return Panache.getSession().chain(session -> session
                        .createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(:kind, hashtext(:key))", Integer.class)
                        .setParameter("kind", lockClass)
                        .setParameter("key", key)
                        .getSingleResult())
                .replaceWithVoid();
    }

    /** {@link #hold} for one user of a tenant. */
    public Uni<Void> holdForUser(String tenantId, String userId) {
        return hold(userKey(tenantId, userId));
    }

    /** {@link #holdForUser} within the transaction of {@code connection} (the plain reactive client). */
    public Uni<Void> holdForUser(SqlConnection connection, String tenantId, String userId) {
        return connection.preparedQuery(TAKE).execute(Tuple.of(lockClass, userKey(tenantId, userId))).replaceWithVoid();
    }

    /**
     * The key of one user of a tenant: the two ids joined by a line break, which neither may contain,
     * so ("a", "bc") and ("ab", "c") are two users.
     */
    static String userKey(String tenantId, String userId) {
        return tenantId + "\n" + userId;
    }
}
