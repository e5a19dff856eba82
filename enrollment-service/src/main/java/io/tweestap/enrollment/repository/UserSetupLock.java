package io.tweestap.enrollment.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.events.AdvisoryLock;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One user's setup lock: a transaction-scoped PostgreSQL advisory lock on (tenant, user), held
 * until the caller's transaction ends. A registration reset takes it, and so does everything that
 * adds to what the reset removes or ends: opening a link, issuing and spending an activation code,
 * adding a phone, verifying a device or phone, removing a method. Whatever took it first
 * finishes first; whatever comes after reads the reset's result (decision 0070). Every caller
 * takes it before any row lock, so two of them cannot deadlock on each other's rows.
 */
@ApplicationScoped
public class UserSetupLock {

    /** This service's only advisory-lock class. */
    static final AdvisoryLock USER_SETUP = new AdvisoryLock(70);

    /** Whose setup a link, session or code belongs to: the key of the lock. */
    public record Owner(String tenantId, String userId) {
    }

    /**
     * The owner of the row {@code table.keyColumn = key} as a plain SQL read, so that no entity is
     * loaded into the session before the lock is held (a later load then reads the row as it is after it).
     */
    static Uni<Owner> ownerOf(String table, String keyColumn, Object key) {
        return Panache.getSession().chain(session -> session
                        .createNativeQuery("SELECT tenant_id, user_id FROM " + table + " WHERE " + keyColumn + " = :key",
                                Object[].class)
                        .setParameter("key", key)
                        .getSingleResultOrNull())
                .map(row -> row == null ? null : new Owner((String) row[0], (String) row[1]));
    }

    public Uni<Void> hold(Owner owner) {
        return hold(owner.tenantId(), owner.userId());
    }

    /** Waits for the lock within the current transaction; two users colliding on the hash only wait for each other. */
    public Uni<Void> hold(String tenantId, String userId) {
        return USER_SETUP.holdForUser(tenantId, userId);
    }
}
