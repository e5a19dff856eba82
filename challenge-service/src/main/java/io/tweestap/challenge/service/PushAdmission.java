package io.tweestap.challenge.service;

import io.tweestap.challenge.config.ChallengeSettings;
import io.tweestap.challenge.service.Creation.Refusal;
import io.tweestap.challenge.service.Creation.Refused;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Whether a challenge may go out now: the push-bombing and fraud rules, kept free of the database
 * so each rule is tested on its own (decision 0048). The caller gathers the {@link Facts} while
 * holding the user's guard row, so no two requests for one user are judged on the same facts.
 */
public final class PushAdmission {

    /** A pending challenge of the user, as the one-at-a-time rule sees it. */
    public record Pending(UUID id, Instant expiresAt) {
    }

    /**
     * What the rules read. {@code recentPushes}: creation times, oldest first, of the user's newest
     * pushes of the requested purpose within the limit window (at least as many as the limit when
     * there are that many: the rule looks no further back); {@code usableDevices}: devices the
     * challenge would go to; {@code pending}: the user's pending challenge the rule cares about.
     */
    public record Facts(Instant fraudBlockedAt, Instant suppressedUntil, int pushesSinceSuccess, int usableDevices,
            Pending pending, List<Instant> recentPushes) {
    }

    /**
     * Sign-in pushes per window, setup test pushes per window, the window, and sign-in pushes
     * allowed since the last approved sign-in.
     */
    public record Limits(int signInPushes, int testPushes, Duration window, int pushesSinceSuccess) {

        public static Limits of(ChallengeSettings settings) {
            return new Limits(settings.pushLimit(), settings.testPushLimit(), settings.pushLimitWindow(),
                    settings.pushesSinceSuccessLimit());
        }
    }

    private final Limits limits;

    public PushAdmission(Limits limits) {
        this.limits = limits;
    }

    /** A sign-in push: fraud block, suppression, a usable device, one at a time, since last success, per window. */
    public Optional<Refused> signIn(Facts facts, Instant now) {
        if (facts.fraudBlockedAt() != null) {
            return refuse(Refusal.FRAUD_BLOCKED, null, null);
        }
        if (facts.suppressedUntil() != null && now.isBefore(facts.suppressedUntil())) {
            return refuse(Refusal.SUPPRESSED, Duration.between(now, facts.suppressedUntil()), null);
        }
        if (facts.usableDevices() == 0) {
            return refuse(Refusal.NO_ACTIVE_DEVICE, null, null);
        }
        if (facts.pending() != null) {
            return refuse(Refusal.CHALLENGE_PENDING, Duration.between(now, facts.pending().expiresAt()), facts.pending().id());
        }
        // No waiting lifts this one: only an approved sign-in (by SMS, say) or an administrator.
        if (facts.pushesSinceSuccess() >= limits.pushesSinceSuccess()) {
            return refuse(Refusal.UNANSWERED_PUSH_LIMIT, null, null);
        }
        return withinWindow(facts.recentPushes(), limits.signInPushes(), now);
    }

    /**
     * The setup test push to the device being set up: held while a fraud block stands (whoever
     * reported fraud may be racing the attacker for the account) and counted against its own
     * window limit, so the wizard cannot be used to bomb the phone either.
     */
    public Optional<Refused> test(Facts facts, Instant now) {
        if (facts.fraudBlockedAt() != null) {
            return refuse(Refusal.FRAUD_BLOCKED, null, null);
        }
        if (facts.usableDevices() == 0) {
            return refuse(Refusal.DEVICE_NOT_KNOWN, null, null);
        }
        return withinWindow(facts.recentPushes(), limits.testPushes(), now);
    }

    /**
     * The SMS fallback: one pending SMS sign-in per user, so no one holds several live codes at
     * once. A fraud block or suppression does not apply: SMS is the other factor those refusals
     * point the user to, and sms-service keeps its own send and check limits.
     */
    public Optional<Refused> sms(Pending pendingSms, Instant now) {
        return pendingSms == null
                ? Optional.empty()
                : refuse(Refusal.CHALLENGE_PENDING, Duration.between(now, pendingSms.expiresAt()), pendingSms.id());
    }

    private Optional<Refused> withinWindow(List<Instant> recentPushes, int limit, Instant now) {
        if (recentPushes.size() < limit) {
            return Optional.empty();
        }
        // The oldest push in the window leaving it frees a place.
        Instant oldest = recentPushes.get(recentPushes.size() - limit);
        return refuse(Refusal.PUSH_LIMIT, Duration.between(now, oldest.plus(limits.window())), null);
    }

    private static Optional<Refused> refuse(Refusal refusal, Duration retryAfter, UUID pending) {
        return Optional.of(new Refused(refusal, retryAfter, pending));
    }
}
