package io.tweestap.sms.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.ProblemException;
import io.tweestap.events.outbox.Outbox;
import io.tweestap.events.sms.SmsVerificationFailed;
import io.tweestap.events.sms.SmsVerified;
import io.tweestap.sms.config.SmsSettings;
import io.tweestap.sms.domain.PhoneVerification;
import io.tweestap.sms.domain.SmsCodes;
import io.tweestap.sms.repository.PhoneRepository;
import io.tweestap.sms.repository.PhoneVerificationRepository;
import io.tweestap.sms.service.SendLimits.Refusal;
import io.tweestap.sms.service.WrongCodeStreaks.Streak;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Checks a typed code against a verification: the wizard's (through enrollment-service), the
 * phone-verification API's and the sign-in fallback's (through challenge-service) alike.
 *
 * <p>The verification row is locked ({@code SELECT ... FOR UPDATE}) before anything is read from it,
 * so checks of one verification are evaluated one at a time on every instance: each sees the checks
 * made before it and the code current at that moment (a resend takes the same lock), a late check
 * cannot write back an older count or status over a newer one, and no more than {@code max-checks}
 * guesses are ever evaluated against one code. Decision 0025.
 */
@ApplicationScoped
public class CodeCheck {

    @Inject
    PhoneRepository phones;

    @Inject
    PhoneVerificationRepository verifications;

    private static final Logger LOG = Logger.getLogger(CodeCheck.class);

    @Inject
    SmsCodes codes;

    @Inject
    WrongCodeStreaks streaks;

    @Inject
    Outbox outbox;

    @Inject
    SmsSettings settings;

    @Inject
    Clock clock;

    public Uni<VerifiedPhone> check(String tenantId, UUID verificationId, String typed) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return Panache.<Outcome<VerifiedPhone>>withTransaction(() -> verifications.locked(tenantId, verificationId)
                        .onItem().ifNull().failWith(() -> ProblemException.notFound("Verification " + verificationId))
                        .chain(verification -> streaks.lockedOf(verification.tenantId, verification.userId)
                                .chain(streak -> check(verification, streak, typed, now))))
                .map(Outcome::orThrow);
    }

    private Uni<Outcome<VerifiedPhone>> check(PhoneVerification verification, Streak streak, String typed,
            Instant now) {
        int max = verification.maxChecksOr(settings.maxChecks());
        switch (verification.status) {
            case VERIFIED -> throw ProblemException.conflict("already-verified",
                    "Verification " + verification.id + " is already complete");
            case LOCKED -> {
                return failed(verification, "locked", 0, now, VerificationProblem.locked(settings.resendCooldown()));
            }
            case PENDING -> {
            }
        }
        // Not evaluated, and so not counted: the user has guessed wrong too often in a row.
        Optional<Refusal> waiting = streaks.refusal(streak, now);
        if (waiting.isPresent()) {
            Refusal refusal = waiting.get();
            String reason = refusal.retryAfter() == null ? "codes-locked" : "backoff";
            return failed(verification, reason, Math.max(max - verification.checksMade, 0), now,
                    VerificationProblem.refused(refusal.reason(), refusal.retryAfter()));
        }
        if (verification.expiredAt(now)) {
            return failed(verification, "expired", max - verification.checksMade, now, VerificationProblem.expired());
        }
        verification.checksMade++;
        if (codes.matches(verification.id, typed, verification.codeHmac)) {
            return verified(verification, streak, now);
        }
        int left = Math.max(max - verification.checksMade, 0);
        if (left == 0) {
            verification.status = PhoneVerification.Status.LOCKED;
        }
        return streaks.failed(verification.tenantId, verification.userId, now)
                .invoke(counted -> {
                    if (counted.lockedAt() != null) {
                        LOG.warnf("User of verification %s: %d wrong codes in a row, codes locked",
                                verification.id, counted.failures());
                    }
                })
                .chain(() -> failed(verification, "wrong-code", left, now, VerificationProblem.wrongCode(left)));
    }

    private Uni<Outcome<VerifiedPhone>> verified(PhoneVerification verification, Streak streak, Instant now) {
        verification.status = PhoneVerification.Status.VERIFIED;
        verification.verifiedAt = now;
        // Under the streak's lock only a check writes the row: with none read, there is none to clear.
        Uni<Boolean> cleared = streak.equals(Streak.NONE) ? Uni.createFrom().item(false)
                : streaks.clear(verification.tenantId, verification.userId);
        return cleared
                .chain(() -> phones.findById(verification.phoneId))
                .chain(phone -> {
                    if (phone.verifiedAt == null) {
                        phone.verifiedAt = now;
                    }
                    LOG.infof("Verification %s: phone %s verified", verification.id, phone.maskedNumber);
                    return outbox.add(new SmsVerified(verification.tenantId, verification.userId, now,
                                    verification.id.toString(), phone.id.toString(), phone.maskedNumber,
                                    verification.purpose.name()))
                            .replaceWith(Outcome.done(new VerifiedPhone(verification.id, phone.id,
                                    phone.maskedNumber)));
                });
    }

    private Uni<Outcome<VerifiedPhone>> failed(PhoneVerification verification, String reason, int attemptsLeft,
            Instant now, ProblemException problem) {
        LOG.infof("Verification %s: check failed (%s), %d attempts left", verification.id, reason, attemptsLeft);
        return outbox.add(new SmsVerificationFailed(verification.tenantId, verification.userId, now,
                        verification.id.toString(), reason, attemptsLeft))
                .replaceWith(Outcome.refused(problem));
    }
}
