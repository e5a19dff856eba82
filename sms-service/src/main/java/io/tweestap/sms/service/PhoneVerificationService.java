package io.tweestap.sms.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.Problem;
import io.tweestap.api.ProblemException;
import io.tweestap.events.outbox.Outbox;
import io.tweestap.events.sms.SmsSendRefused;
import io.tweestap.sms.config.SmsSettings;
import io.tweestap.sms.domain.Channel;
import io.tweestap.sms.domain.CodeSend;
import io.tweestap.sms.domain.Language;
import io.tweestap.sms.domain.Phone;
import io.tweestap.sms.domain.PhoneNumber;
import io.tweestap.sms.domain.PhoneNumberRules.NumberRefused;
import io.tweestap.sms.domain.PhoneNumberRules;
import io.tweestap.sms.domain.PhoneVerification;
import io.tweestap.sms.domain.Purpose;
import io.tweestap.sms.domain.SendRefusal;
import io.tweestap.sms.domain.SmsCode;
import io.tweestap.sms.repository.CodeSendRepository;
import io.tweestap.sms.repository.PhoneRepository;
import io.tweestap.sms.repository.PhoneVerificationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Starts and resends phone verifications (checks are {@link CodeCheck}'s). Each operation is: one
 * transaction that decides and reserves (limits, new code, send row, refusal events), then the Vonage
 * call outside any transaction, then one transaction that records what Vonage answered and publishes
 * the event.
 */
@ApplicationScoped
public class PhoneVerificationService {

    @Inject
    PhoneRepository phones;

    @Inject
    PhoneVerificationRepository verifications;

    @Inject
    CodeSendRepository sends;

    private static final Logger LOG = Logger.getLogger(PhoneVerificationService.class);

    /** A start, as the REST layer hands it over. */
    public record StartVerification(String userId, String regionCode, String number, Channel channel,
            Language language, Purpose purpose) {
    }

    @Inject
    PhoneNumberRules numbers;

    @Inject
    CodePolicies policies;

    @Inject
    SendLimits limits;

    @Inject
    Outbox outbox;

    @Inject
    SmsSettings settings;

    @Inject
    Clock clock;

    @Inject
    VonageHandover handover;

    public Uni<IssuedCode> start(String tenantId, StartVerification request) {
        Instant now = now();
        PhoneNumber number;
        try {
            number = numbers.accept(tenantId, request.regionCode(), request.number(), request.channel());
        } catch (NumberRefused refused) {
            return Panache.withTransaction(() -> this.<IssuedCode>refuse(tenantId, request.userId(), null,
                            refused.maskedNumber(), request.channel(), refused.refusal(), Duration.ZERO, now))
                    .map(Outcome::orThrow);
        }
        return reservedThenSent(() -> limits.lock(tenantId, request.userId(), number)
                        .chain(() -> phones.lockedOrAdded(tenantId, request.userId(), number, now))
                        .chain(phone -> reserveNew(phone, number, request.channel(), request.language(),
                                request.purpose(), null, now)));
    }

    /**
     * A code to a phone the user verified before, e.g. for a sign-in fallback.
     *
     * @param requestKey the caller's Idempotency-Key, or null: a request repeated with the same key
     *                   (its first answer was lost) is answered with the verification it started
     */
    public Uni<IssuedCode> startForPhone(String tenantId, UUID phoneId, String userId, Channel channel,
            Language language, Purpose purpose, String requestKey) {
        Instant now = now();
        return reservedThenSent(() -> phones.ofUser(tenantId, userId, phoneId)
                        .onItem().ifNull().failWith(() -> ProblemException.notFound("Phone " + phoneId))
                        .chain(phone -> {
                            if (!phone.verified()) {
                                throw ProblemException.conflict("phone-not-verified",
                                        "Phone " + phoneId + " has not been verified yet");
                            }
                            PhoneNumber number;
                            try {
                                number = numbers.accept(tenantId, null, phone.e164, channel);
                            } catch (NumberRefused refused) {
                                return refuse(tenantId, userId, null, phone.maskedNumber, channel, refused.refusal(),
                                        Duration.ZERO, now);
                            }
                            // Looked up under the lock, so a repeat racing its original sees what the original reserved.
                            return limits.lock(tenantId, userId, number)
                                    .chain(() -> requestKey == null
                                            ? Uni.createFrom().<PhoneVerification>nullItem()
                                            : verifications.startedBy(tenantId, requestKey))
                                    .chain(earlier -> earlier == null
                                            ? reserveNew(phone, number, channel, language, purpose, requestKey, now)
                                            : repeated(earlier, phone, number, channel, purpose, now));
                        }));
    }

    /**
     * The verification row is locked first, as {@link CodeCheck} locks it: a check running at the same
     * moment is evaluated either wholly against the old code or wholly against the new one.
     */
    public Uni<IssuedCode> resend(String tenantId, UUID verificationId) {
        Instant now = now();
        return reservedThenSent(() -> verifications.locked(tenantId, verificationId)
                        .onItem().ifNull().failWith(() -> ProblemException.notFound("Verification " + verificationId))
                        .chain(verification -> {
                            if (verification.status == PhoneVerification.Status.VERIFIED) {
                                throw ProblemException.conflict("already-verified",
                                        "Verification " + verificationId + " is complete; start a new one");
                            }
                            return phones.findById(verification.phoneId).chain(phone -> {
                                PhoneNumber number = numbers.stored(phone.e164);
                                return limits.lock(tenantId, verification.userId, number)
                                        .chain(() -> limits.check(tenantId, verification.userId, number, now))
                                        .chain(refusal -> refusal.isPresent()
                                                ? refuse(tenantId, verification.userId, verification.id,
                                                        phone.maskedNumber, verification.channel,
                                                        refusal.get().reason(), refusal.get().retryAfter(), now)
                                                : issue(verification, phone, number, now));
                            });
                        }));
    }

    /** Reserve, then hand to Vonage; a commit that seemed to fail (it may have gone through) is never handed over. */
    private Uni<IssuedCode> reservedThenSent(Supplier<Uni<Outcome<ReservedSend>>> reserving) {
        AtomicReference<Outcome<ReservedSend>> reserved = new AtomicReference<>();
        return Panache.<Outcome<ReservedSend>>withTransaction(() -> reserving.get().invoke(reserved::set))
                .onFailure().invoke(() -> handover.neverHandedOver(reserved.get()))
                .chain(handover::send);
    }

    /**
     * A start that repeats one whose code went out moments ago (same user, phone, channel and
     * purpose) answers with that verification instead of sending again: retried requests and double
     * clicks must not cost a second SMS.
     */
    private Uni<Outcome<ReservedSend>> reserveNew(Phone phone, PhoneNumber number, Channel channel, Language language,
            Purpose purpose, String requestKey, Instant now) {
        return verifications.newestPending(phone, channel, purpose)
                .chain(open -> open == null || open.expiredAt(now)
                        ? Uni.createFrom().nullItem()
                        : sends.lastOf(open.id).map(last -> last != null
                                && last.sentAt.plus(settings.resendCooldown()).isAfter(now) ? open : null))
                .chain(replayed -> {
                    if (replayed != null) {
                        return sends.lastOf(replayed.id).map(last -> notSentAgain(replayed, phone, last.sentAt));
                    }
                    return limits.check(phone.tenantId, phone.userId, number, now).chain(refusal -> {
                        if (refusal.isPresent()) {
                            return refuse(phone.tenantId, phone.userId, null, phone.maskedNumber, channel,
                                    refusal.get().reason(), refusal.get().retryAfter(), now);
                        }
                        PhoneVerification verification = new PhoneVerification();
                        verification.id = UUID.randomUUID();
                        verification.tenantId = phone.tenantId;
                        verification.userId = phone.userId;
                        verification.phoneId = phone.id;
                        verification.channel = channel;
                        verification.language = language;
                        verification.purpose = purpose;
                        verification.createdAt = now;
                        verification.requestKey = requestKey;
                        return issue(verification, phone, number, now);
                    });
                });
    }

    /**
     * The same request again: its Idempotency-Key names a verification already started. A code that
     * went out, or may have (its answer was never recorded), is not sent again; one that Vonage
     * refused is sent now, within the limits, as a resend would be.
     */
    private Uni<Outcome<ReservedSend>> repeated(PhoneVerification earlier, Phone phone, PhoneNumber number, Channel channel,
            Purpose purpose, Instant now) {
        if (!earlier.phoneId.equals(phone.id) || earlier.channel != channel || earlier.purpose != purpose) {
            throw new ProblemException(Problem.of("idempotency-key-reused", "Unprocessable content", 422,
                    "This Idempotency-Key was already used for another request"));
        }
        return sends.lastOf(earlier.id).chain(last -> {
            if (last != null) {
                return Uni.createFrom().item(notSentAgain(earlier, phone, last.sentAt));
            }
            return limits.check(phone.tenantId, phone.userId, number, now).chain(refusal -> refusal.isPresent()
                    ? refuse(phone.tenantId, phone.userId, earlier.id, phone.maskedNumber, channel,
                            refusal.get().reason(), refusal.get().retryAfter(), now)
                    : issue(earlier, phone, number, now));
        });
    }

    /** Answers with a verification whose code already went out, without sending it again. */
    private Outcome<ReservedSend> notSentAgain(PhoneVerification verification, Phone phone, Instant lastSent) {
        LOG.infof("Verification %s: repeated start answered without sending again", verification.id);
        return Outcome.done(new ReservedSend(issued(verification, phone, lastSent), null, null, verification.channel,
                verification.language, null, phone.tenantId, phone.userId, verification.purpose));
    }

    /** A fresh code (the tenant's rules, decision 0102) and the send row for it, in the reserving transaction. */
    private Uni<Outcome<ReservedSend>> issue(PhoneVerification verification, Phone phone, PhoneNumber number, Instant now) {
        return policies.newCode(verification, now).chain(code -> issue(verification, phone, number, code, now));
    }

    private Uni<Outcome<ReservedSend>> issue(PhoneVerification verification, Phone phone, PhoneNumber number, SmsCode code,
            Instant now) {
        CodeSend send = new CodeSend();
        send.id = UUID.randomUUID();
        send.tenantId = verification.tenantId;
        send.userId = verification.userId;
        send.verificationId = verification.id;
        send.e164 = number.e164();
        send.numberPrefix = number.prefix(settings.prefixDigits());
        send.regionCode = number.regionCode();
        send.maskedNumber = number.masked();
        send.channel = verification.channel;
        send.sentAt = now;
        send.status = CodeSend.Status.PENDING;
        return verification.<PhoneVerification>persist()
                .chain(() -> send.<CodeSend>persist())
                .replaceWith(Outcome.done(new ReservedSend(issued(verification, phone, now), send.id, number.msisdn(),
                        verification.channel, verification.language, code, verification.tenantId,
                        verification.userId, verification.purpose)));
    }

    private <T> Uni<Outcome<T>> refuse(String tenantId, String userId, UUID verificationId, String maskedNumber,
            Channel channel, SendRefusal reason, Duration retryAfter, Instant now) {
        LOG.infof("Send to %s refused: %s", maskedNumber == null ? "an unreadable number" : maskedNumber, reason);
        String subject = verificationId == null ? null : verificationId.toString();
        return outbox.add(new SmsSendRefused(tenantId, userId, now, subject, maskedNumber, channel.name(),
                        reason.name()))
                .replaceWith(Outcome.refused(VerificationProblem.refused(reason, retryAfter)));
    }

    private IssuedCode issued(PhoneVerification verification, Phone phone, Instant lastSent) {
        return new IssuedCode(verification.id, phone.id, phone.maskedNumber, verification.channel,
                verification.expiresAt, lastSent.plus(settings.resendCooldown()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
