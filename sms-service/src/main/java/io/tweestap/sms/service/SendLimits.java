package io.tweestap.sms.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.tweestap.sms.config.SmsSettings;
import io.tweestap.sms.domain.CodeSend;
import io.tweestap.sms.domain.PhoneNumber;
import io.tweestap.sms.domain.SendRefusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The throttles and SMS-fraud limits, counted from the {@code code_send} ledger. {@link #lock} comes
 * first in the transaction that then records the send, so that concurrent requests cannot both slip
 * under a limit they share: a number, a prefix, a user or a tenant.
 */
@ApplicationScoped
public class SendLimits {

    private static final Duration DAY = Duration.ofHours(24);

    /** Why and for how long a send is refused. */
    public record Refusal(SendRefusal reason, Duration retryAfter) {
    }

    /**
     * Advisory-lock classes (the first key of {@code pg_advisory_xact_lock(int, int)}), so that a
     * tenant's hash can never collide with a user's or a prefix's. Taken in this order by every
     * transaction, so no two of them can wait for each other in a cycle.
     */
    private static final int TENANT_LOCK = 0x534d5301;
    private static final int USER_LOCK = 0x534d5302;
    private static final int PREFIX_LOCK = 0x534d5303;

    @Inject
    SmsSettings settings;

    /**
     * Serialises the sends that share a budget, until the calling transaction ends. The prefix lock
     * also covers the number's own limits (a number has one prefix). The tenant lock makes a
     * tenant's reservations queue one after another; each holds it for a few milliseconds (the Vonage
     * call is outside the transaction), see decision 0042.
     */
    public Uni<Void> lock(String tenantId, String userId, PhoneNumber number) {
        return advisoryLock(TENANT_LOCK, tenantId)
                .chain(() -> advisoryLock(USER_LOCK, tenantId + "\n" + userId))
                .chain(() -> advisoryLock(PREFIX_LOCK, number.prefix(settings.prefixDigits())));
    }

    private static Uni<Void> advisoryLock(int kind, String key) {
        return Panache.getSession().chain(session -> session
                        .createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(:kind, hashtext(:key))", Integer.class)
                        .setParameter("kind", kind)
                        .setParameter("key", key)
                        .getSingleResult())
                .replaceWithVoid();
    }

    public Uni<Optional<Refusal>> check(String tenantId, String userId, PhoneNumber number, Instant now) {
        String prefix = number.prefix(settings.prefixDigits());
        List<Supplier<Uni<Optional<Refusal>>>> rules = List.of(
                () -> window("e164 = :key", number.e164(), null, settings.resendCooldown(), 1,
                        SendRefusal.RESEND_COOLDOWN, now),
                () -> window("e164 = :key", number.e164(), null, settings.numberWindow(), settings.numberWindowMax(),
                        SendRefusal.NUMBER_LIMIT, now),
                () -> window("e164 = :key", number.e164(), null, DAY, settings.numberDailyMax(),
                        SendRefusal.NUMBER_LIMIT, now),
                () -> window("numberPrefix = :key", prefix, null, settings.prefixWindow(), settings.prefixWindowMax(),
                        SendRefusal.NUMBER_PREFIX_VELOCITY, now),
                () -> window("tenantId = :key and userId = :user", tenantId, userId, DAY,
                        settings.userDailyBudget(tenantId), SendRefusal.USER_BUDGET, now),
                () -> window("tenantId = :key", tenantId, null, DAY, settings.tenantDailyBudget(tenantId),
                        SendRefusal.TENANT_BUDGET, now));
        return firstRefusal(rules, 0);
    }

    private static Uni<Optional<Refusal>> firstRefusal(List<Supplier<Uni<Optional<Refusal>>>> rules, int index) {
        if (index == rules.size()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return rules.get(index).get().chain(refusal -> refusal.isPresent()
                ? Uni.createFrom().item(refusal)
                : firstRefusal(rules, index + 1));
    }

    /** Refuses when {@code max} sends matching {@code where} went out within {@code length} before now. */
    private static Uni<Optional<Refusal>> window(String where, String key, String user, Duration length, int max,
            SendRefusal reason, Instant now) {
        String query = where + " and sentAt > :since and status <> :rejected";
        Parameters parameters = Parameters.with("key", key).and("since", now.minus(length))
                .and("rejected", CodeSend.Status.REJECTED);
        if (user != null) {
            parameters = parameters.and("user", user);
        }
        Parameters bound = parameters;
        return CodeSend.count(query, bound).chain(count -> {
            if (count < max) {
                return Uni.createFrom().item(Optional.<Refusal>empty());
            }
            // The window frees a place when its oldest send leaves it.
            return CodeSend.<CodeSend>find(query + " order by sentAt", bound).firstResult()
                    .map(oldest -> Optional.of(new Refusal(reason, positive(Duration.between(now,
                            oldest.sentAt.plus(length))))));
        });
    }

    private static Duration positive(Duration duration) {
        return duration.isNegative() || duration.isZero() ? Duration.ofSeconds(1) : duration;
    }
}
