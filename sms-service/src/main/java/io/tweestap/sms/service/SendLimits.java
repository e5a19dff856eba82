package io.tweestap.sms.service;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.quarkus.panache.common.Parameters;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.tweestap.events.AdvisoryLock;
import io.tweestap.sms.config.SmsSettings;
import io.tweestap.sms.domain.PhoneNumber;
import io.tweestap.sms.domain.SendRefusal;
import io.tweestap.sms.repository.CodeSendRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The throttles and SMS-fraud limits, counted from the {@code code_send} ledger. {@link #lock} comes
 * first in the transaction that then records the send, so that concurrent requests cannot both slip
 * under a limit they share: a number, a prefix, a user, a tenant or a destination region.
 */
@ApplicationScoped
public class SendLimits {

    @Inject
    CodeSendRepository sends;

    private static final Duration DAY = Duration.ofHours(24);

    /** Why and for how long a send is refused. */
    public record Refusal(SendRefusal reason, Duration retryAfter) {
    }

    /**
     * Advisory-lock classes, one per kind of budget, so that a tenant's hash can never collide with a user's, a region's or a prefix's. Taken in the order
     * tenant, user, region, prefix by every transaction, so no two of them can wait for each other in
     * a cycle (decisions 0042 and 0045).
     */
    private static final AdvisoryLock TENANT_LOCK = new AdvisoryLock(0x534d5301);
    private static final AdvisoryLock USER_LOCK = new AdvisoryLock(0x534d5302);
    private static final AdvisoryLock PREFIX_LOCK = new AdvisoryLock(0x534d5303);
    private static final AdvisoryLock REGION_LOCK = new AdvisoryLock(0x534d5304);

    @Inject
    SmsSettings settings;

    @Inject
    WrongCodeStreaks streaks;

    /**
     * Serialises the sends that share a budget, until the calling transaction ends. The prefix lock
     * also covers the number's own limits (a number has one prefix). The tenant lock makes a
     * tenant's reservations queue one after another; each holds it for a few milliseconds (the Vonage
     * call is outside the transaction), see decision 0042. The region lock does the same for every
     * send to one country, across tenants; it is taken after the tenant and user locks so that no
     * reservation holds it while queueing behind its own tenant (decision 0045).
     */
    public Uni<Void> lock(String tenantId, String userId, PhoneNumber number) {
        return TENANT_LOCK.hold(tenantId)
                .chain(() -> USER_LOCK.holdForUser(tenantId, userId))
                .chain(() -> REGION_LOCK.hold(number.regionCode()))
                .chain(() -> PREFIX_LOCK.hold(number.prefix(settings.prefixDigits())));
    }

    public Uni<Optional<Refusal>> check(String tenantId, String userId, PhoneNumber number, Instant now) {
        String prefix = number.prefix(settings.prefixDigits());
        List<Supplier<Uni<Optional<Refusal>>>> rules = List.of(
                // First: a user who guessed wrong too often in a row gets no new code to guess at (decision 0025).
                () -> streaks.refusal(tenantId, userId, now),
                () -> window("e164 = :key", key(number.e164()), settings.resendCooldown(), 1,
                        SendRefusal.RESEND_COOLDOWN, now),
                () -> window("e164 = :key", key(number.e164()), settings.numberWindow(), settings.numberWindowMax(),
                        SendRefusal.NUMBER_LIMIT, now),
                () -> window("e164 = :key", key(number.e164()), DAY, settings.numberDailyMax(),
                        SendRefusal.NUMBER_LIMIT, now),
                () -> window("numberPrefix = :key", key(prefix), settings.prefixWindow(), settings.prefixWindowMax(),
                        SendRefusal.NUMBER_PREFIX_VELOCITY, now),
                () -> window("tenantId = :key and userId = :user", key(tenantId).and("user", userId), DAY,
                        settings.userDailyBudget(tenantId), SendRefusal.USER_BUDGET, now),
                () -> window("tenantId = :key", key(tenantId), DAY, settings.tenantDailyBudget(tenantId),
                        SendRefusal.TENANT_BUDGET, now),
                // The limits no tenant can act on are reported only when nothing narrower refuses: first
                // the country's, then the tenant's share of it (decision 0027).
                () -> window("regionCode = :key", key(number.regionCode()), settings.regionWindow(),
                        settings.regionWindowMax(number.regionCode()), SendRefusal.REGION_LIMIT, now),
                () -> window("regionCode = :key and tenantId = :tenant",
                        key(number.regionCode()).and("tenant", tenantId), settings.regionWindow(),
                        settings.regionTenantMax(tenantId, number.regionCode()), SendRefusal.REGION_TENANT_SHARE, now));
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
    private Uni<Optional<Refusal>> window(String where, Parameters keys, Duration length, int max,
            SendRefusal reason, Instant now) {
        Instant since = now.minus(length);
        return sends.countSentSince(where, keys, since).chain(count -> {
            if (count < max) {
                return Uni.createFrom().item(Optional.<Refusal>empty());
            }
            // The window frees a place when its oldest send leaves it. None left: the sends counted
            // were rejected by Vonage in the meantime (recorded outside these locks), so none count.
            return sends.oldestSentSince(where, keys, since)
                    .map(oldest -> oldest == null ? Optional.<Refusal>empty()
                            : Optional.of(new Refusal(reason, positive(Duration.between(now,
                                    oldest.sentAt.plus(length))))));
        });
    }

    /**
     * A misspelt region key ({@code UK} for {@code GB}) would silently leave that country at the
     * default limit, two spellings of one region ({@code NL}, {@code nl}) with different maximums
     * leave it unclear which applies, and a maximum below one would block a country for good (the
     * allow-list is the place for that): any of them stops the service at start.
     */
    void checkRegionSettings(@Observes StartupEvent start) {
        Map<String, OptionalInt> overrides = new TreeMap<>();
        settings.regions().forEach((region, limit) -> overrides.put(region, limit.windowMax()));
        List<String> problems = new ArrayList<>(regionSettingProblems(settings.regionWindowMax(), overrides));
        if (!validShare(settings.regionTenantShare())) {
            problems.add("region-tenant-share must be above 0 and at most 1, not " + settings.regionTenantShare());
        }
        settings.tenants().forEach((tenant, limits) -> limits.regionShare().ifPresent(share -> {
            if (!validShare(share)) {
                problems.add("tenants.\"" + tenant + "\".region-share must be above 0 and at most 1, not " + share);
            }
        }));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("tweestap.sms region limits: " + String.join("; ", problems));
        }
    }

    /** What is wrong with the per-region limits; empty when nothing is. */
    static List<String> regionSettingProblems(int defaultMax, Map<String, OptionalInt> overrides) {
        Set<String> known = PhoneNumberUtil.getInstance().getSupportedRegions();
        List<String> problems = new ArrayList<>();
        if (defaultMax < 1) {
            problems.add("region-window-max must be at least 1, not " + defaultMax);
        }
        Map<String, String> spelt = new TreeMap<>();
        new TreeMap<>(overrides).forEach((key, max) -> {
            String region = key.toUpperCase(Locale.ROOT);
            if (!known.contains(region)) {
                problems.add("regions.\"" + key + "\" is not an ISO 3166 region code (e.g. GB, not UK)");
            }
            if (max.isPresent() && max.getAsInt() < 1) {
                problems.add("regions.\"" + key + "\".window-max must be at least 1, not " + max.getAsInt());
            }
            String other = spelt.putIfAbsent(region, key);
            if (other != null && !overrides.get(other).equals(max)) {
                problems.add("regions.\"" + other + "\" and regions.\"" + key + "\" set different maximums");
            }
        });
        return problems;
    }

    static boolean validShare(double share) {
        return share > 0 && share <= 1;
    }

    private static Parameters key(String key) {
        return Parameters.with("key", key);
    }

    private static Duration positive(Duration duration) {
        return duration.isNegative() || duration.isZero() ? Duration.ofSeconds(1) : duration;
    }
}
