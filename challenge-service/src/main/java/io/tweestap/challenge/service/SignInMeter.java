package io.tweestap.challenge.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tweestap.challenge.domain.ChallengeStatus;
import io.tweestap.challenge.domain.DenialReason;
import io.tweestap.challenge.domain.Purpose;
import io.tweestap.challenge.domain.PushChallenge;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;

/**
 * {@code tweestap_sign_ins_total{outcome, reason, method}}: how sign-ins end, for the operations
 * dashboard. Only sign-ins: the setup wizard's test pushes are left out, so a wave of enrolments does
 * not read as denied or expired sign-ins. Counted where the decision is written, in its transaction;
 * the rare decision rolled back after that is counted although it did not happen (a dashboard rate,
 * not a ledger: the ledger is the event stream). No tenant, user or id: the labels are a few words.
 */
@ApplicationScoped
public class SignInMeter {

    @Inject
    MeterRegistry registry;

    /** A challenge left PENDING with this status (and reason when denied or expired). */
    public void decided(Purpose purpose, String method, ChallengeStatus status, String reason) {
        if (purpose != Purpose.SIGN_IN || status == ChallengeStatus.PENDING) {
            return;
        }
        Counter.builder("tweestap.sign.ins")
                .description("Sign-ins decided, by outcome, the reason of a denial or expiry, and the method")
                .tag("outcome", status.name().toLowerCase(Locale.ROOT))
                .tag("reason", reason == null ? "none" : reason.toLowerCase(Locale.ROOT))
                .tag("method", method == null ? PushChallenge.METHOD_PUSH.toLowerCase(Locale.ROOT) : method.toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
    }

    /** {@code decidedBy}: the method that decided (a push's fallback code counts as SMS or VOICE); else the one asked for. */
    public void decided(PushChallenge challenge, String decidedBy, ChallengeStatus status, DenialReason reason) {
        decided(challenge.purpose, decidedBy != null ? decidedBy : challenge.method, status, reason == null ? null : reason.name());
    }
}
