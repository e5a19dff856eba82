package io.tweestap.challenge.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.challenge.domain.PushChallenge;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * A user's sign-ins, newest first, a page at a time, for the tenant's administrators. Setup test
 * pushes are not sign-ins and are left out. Each page reads the partial index
 * {@code push_challenge_sign_ins} backwards from the cursor and stops after one row more than the
 * page (which says whether there is a next page), however long the user's history.
 */
@ApplicationScoped
public class SignInHistory {

    /** The purpose is a literal, not a parameter, so the planner matches the partial index in a generic plan too. */
    static final String FIRST_PAGE = "SELECT * FROM push_challenge"
            + " WHERE tenant_id = :tenant AND user_id = :user AND purpose = 'SIGN_IN'"
            + " ORDER BY created_at DESC, id DESC LIMIT :limit";

    static final String NEXT_PAGE = "SELECT * FROM push_challenge"
            + " WHERE tenant_id = :tenant AND user_id = :user AND purpose = 'SIGN_IN'"
            + " AND (created_at, id) < (:createdAt, :id)"
            + " ORDER BY created_at DESC, id DESC LIMIT :limit";

    /** One page, and the cursor of the next when there are more. */
    public record Page(List<PushChallenge> signIns, SignInCursor next) {
    }

    public Uni<Page> page(String tenantId, String userId, Optional<SignInCursor> after, int size) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(after.isPresent() ? NEXT_PAGE : FIRST_PAGE, PushChallenge.class)
                    .setParameter("tenant", tenantId)
                    .setParameter("user", userId)
                    .setParameter("limit", size + 1);
            after.ifPresent(cursor -> query.setParameter("createdAt", cursor.createdAt()).setParameter("id", cursor.id()));
            return query.getResultList();
        }).map(rows -> {
            if (rows.size() <= size) {
                return new Page(rows, null);
            }
            List<PushChallenge> shown = rows.subList(0, size);
            PushChallenge last = shown.get(size - 1);
            return new Page(List.copyOf(shown), new SignInCursor(last.createdAt, last.id));
        });
    }
}
