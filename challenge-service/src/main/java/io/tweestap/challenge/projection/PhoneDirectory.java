package io.tweestap.challenge.projection;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.events.enrollment.PhoneRegistered;
import io.tweestap.events.enrollment.PhoneRemoved;
import io.tweestap.events.enrollment.RegistrationReset;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** The user's verified phones by id (never the number), for the SMS fallback; inside the inbox transaction. */
@ApplicationScoped
public class PhoneDirectory {

    public Uni<Void> registered(PhoneRegistered event) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO user_phone (tenant_id, user_id, phone_id, masked_number, registered_at)
                        VALUES (:tenant, :user, :phone, :masked, :at)
                        ON CONFLICT (tenant_id, user_id, phone_id) DO UPDATE SET masked_number = EXCLUDED.masked_number""")
                .setParameter("tenant", event.tenantId())
                .setParameter("user", event.userId())
                .setParameter("phone", event.phoneId())
                .setParameter("masked", event.maskedNumber())
                .setParameter("at", event.occurredAt())
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Void> removed(PhoneRemoved event) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "DELETE FROM user_phone WHERE tenant_id = :tenant AND user_id = :user AND phone_id = :phone")
                .setParameter("tenant", event.tenantId())
                .setParameter("user", event.userId())
                .setParameter("phone", event.phoneId())
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Void> reset(RegistrationReset event) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "DELETE FROM user_phone WHERE tenant_id = :tenant AND user_id = :user")
                .setParameter("tenant", event.tenantId())
                .setParameter("user", event.userId())
                .executeUpdate()).replaceWithVoid();
    }

    /** The most recently verified phone, if any. */
    public Uni<Optional<String>> latestPhone(String tenantId, String userId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT phone_id FROM user_phone WHERE tenant_id = :tenant AND user_id = :user ORDER BY registered_at DESC LIMIT 1",
                        String.class)
                .setParameter("tenant", tenantId)
                .setParameter("user", userId)
                .getResultList())
                .map(rows -> rows.stream().findFirst());
    }
}
