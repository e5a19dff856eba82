package io.tweestap.enrollment.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.Map;

/**
 * Spends a single-use secret of the setup (an enrollment link, an activation code) with one UPDATE
 * that also checks it is unspent, not ended and unexpired. PostgreSQL re-checks the WHERE after
 * waiting for a concurrent UPDATE of the same row, so of two racing for one secret exactly one wins.
 * Table and column names are this package's constants, never input.
 */
final class SingleUseSecrets {

    /** Where a kind of secret is kept: its table, the column of its hash, the column set when spent. */
    record Kind(String table, String hashColumn, String spentColumn) {
    }

    static final Kind LINKS = new Kind("enrollment_link", "token_hash", "opened_at");
    static final Kind CODES = new Kind("activation_code", "code_hash", "used_at");

    private SingleUseSecrets() {
    }

    /**
     * @param alsoSet columns set with the spend, each bound as a parameter of its own name
     * @return whether this call spent it
     */
    static Uni<Boolean> spend(Kind kind, String hash, Instant now, Map<String, Object> alsoSet) {
        StringBuilder sql = new StringBuilder("UPDATE ").append(kind.table()).append(" SET ").append(kind.spentColumn())
                .append(" = :now");
        alsoSet.keySet().forEach(column -> sql.append(", ").append(column).append(" = :").append(column));
        sql.append(" WHERE ").append(kind.hashColumn()).append(" = :hash AND ").append(kind.spentColumn())
                .append(" IS NULL AND ended_at IS NULL AND expires_at > :now");
        return Panache.getSession().chain(session -> {
            var update = session.createNativeQuery(sql.toString()).setParameter("now", now).setParameter("hash", hash);
            alsoSet.forEach(update::setParameter);
            return update.executeUpdate();
        }).map(updated -> updated == 1);
    }

    /** The tenant and user a secret belongs to, or null when none has that hash. */
    static Uni<UserSetupLock.Owner> ownerOf(Kind kind, String hash) {
        return UserSetupLock.ownerOf(kind.table(), kind.hashColumn(), hash);
    }
}
