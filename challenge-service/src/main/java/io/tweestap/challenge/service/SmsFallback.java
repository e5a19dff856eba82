package io.tweestap.challenge.service;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.Problem;
import io.tweestap.api.ProblemAnswers;
import io.tweestap.api.ProblemException;
import io.tweestap.challenge.client.SmsServiceClient;
import io.tweestap.challenge.config.ChallengeSettings;
import io.tweestap.challenge.domain.ChallengeStatus;
import io.tweestap.challenge.domain.DenialReason;
import io.tweestap.challenge.domain.Purpose;
import io.tweestap.challenge.domain.PushChallenge;
import io.tweestap.challenge.domain.SignInMethod;
import io.tweestap.challenge.projection.PhoneDirectory;
import io.tweestap.challenge.repository.PushChallengeRepository;
import io.tweestap.events.challenge.ChallengeApproved;
import io.tweestap.events.challenge.ChallengeCancelled;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.events.challenge.ChallengeDenied;
import io.tweestap.events.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sign-in by a code sent to the user's verified phone, for when pushes are unavailable (no app,
 * paused pushes, a lost phone). sms-service owns the number, the code and its limits; this
 * service owns the challenge and its outcome, so the platform long-polls an SMS sign-in exactly
 * like a push. Calls to sms-service happen outside any database transaction.
 */
@ApplicationScoped
public class SmsFallback {

    @Inject
    PushChallengeRepository pushChallenges;

    /** The longest lifetime a tenant may give its codes at sms-service (decision 0102), with a minute for clocks. */
    private static final Duration MAX_CODE_LIFETIME = Duration.ofMinutes(16);

    /** How long a caller waits before the create that resumes a sign-in whose send got no answer. */
    private static final Duration RESUME_AFTER = Duration.ofSeconds(1);

    /** The challenge opened and the phone to text, or why none was opened. */
    record Opened(PushChallenge challenge, String phoneId, Creation.Refused refused) {
    }

    @Inject
    ChallengeService challenges;

    @Inject
    PhoneDirectory phones;

    @Inject
    AbuseGuard guard;

    @Inject
    AdmissionFacts facts;

    @Inject
    Outbox outbox;

    @Inject
    ChallengeSettings settings;

    @Inject
    SignInCodes codes;

    /** A sign-in by a code sent by SMS or, with {@code VOICE}, read out in a call. */
    public Uni<Creation> start(String tenantId, NewChallenge request, String language, SignInMethod method) {
        SmsServiceClient.SendCode send = new SmsServiceClient.SendCode(request.userId(), language, "SIGN_IN",
                method.codeChannel());
        return open(tenantId, request, method)
                .chain(opened -> opened.refused() != null
                        ? Uni.createFrom().<Creation>item(opened.refused())
                        : codes.send(tenantId, opened.challenge().id, opened.phoneId(), send)
                        // No answer, even when asked again: the code may have gone out (the instance died after
                        // handing it to Vonage). The challenge stays pending without its code, so the caller's
                        // retry resumes it under the same key and sms-service texts only if nothing went out;
                        // withdrawing it would make that retry a new sign-in and a second text (decision 0114).
                        .onFailure().transform(failure -> unconfirmed(opened.challenge().id))
                        .chain(response -> {
                            if (response.getStatus() == 201) {
                                Map<?, ?> issued = response.readEntity(Map.class);
                                return attach(opened.challenge().id, (String) issued.get("verificationId"),
                                        (String) issued.get("expiresAt")).<Creation>map(Creation.Created::new);
                            }
                            if (SignInCodes.unanswered(response)) {
                                return Uni.createFrom().failure(unconfirmed(opened.challenge().id));
                            }
                            // sms-service's own refusal: nothing went out, and this challenge has no code to check.
                            return withdraw(opened.challenge().id).chain(() -> Uni.createFrom().failure(notSent(response)));
                        }));
    }

    private static ProblemException uncheckedCode() {
        return new ProblemException(Problem.of("sms-check-unavailable", "Service unavailable", 503,
                "sms-service did not answer; the sign-in is still pending: submit the code again"), RESUME_AFTER);
    }

    private static ProblemException unconfirmed(UUID challengeId) {
        return new ProblemException(Problem.of("sms-send-unconfirmed", "Service unavailable", 503,
                        "sms-service did not answer, so whether the code went out is not known; create the sign-in again:"
                                + " it resumes this one, and the code is sent only if it did not go out")
                .with("pendingChallengeId", challengeId.toString()), RESUME_AFTER);
    }

    /** The code the user typed on the sign-in page, as the platform submits it. */
    public Uni<PushChallenge> submitCode(String tenantId, UUID challengeId, String code) {
        return challenges.find(tenantId, challengeId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Challenge " + challengeId))
                .chain(challenge -> {
                    if (challenge.smsVerificationId == null) {
                        throw ProblemException.conflict("not-an-sms-challenge", "This challenge is not confirmed by a code");
                    }
                    if (challenge.status != ChallengeStatus.PENDING) {
                        throw ProblemException.conflict("challenge-not-pending", "Challenge " + challengeId + " is no longer pending");
                    }
                    return codes.check(tenantId, challenge.smsVerificationId, code)
                            // No answer: the code was not judged, or its judgement did not reach us. Nothing
                            // is decided; the platform submits again (decision 0117).
                            .onFailure().transform(failure -> uncheckedCode())
                            .chain(response -> {
                                int status = response.getStatus();
                                // already-verified: a right code on an earlier try whose approval was not recorded
                                // (the database went away after sms-service checked it). Only this challenge checks
                                // codes of its verification, so the code it took was typed for this sign-in.
                                if (status == 200 || status == 409 && "already-verified".equals(ProblemAnswers.type(response))) {
                                    return settle(challengeId, ChallengeStatus.APPROVED, null);
                                }
                                if (SignInCodes.unanswered(response)) {
                                    return Uni.createFrom().failure(uncheckedCode());
                                }
                                if (status == 422) {
                                    throw new ProblemException(Problem.of("wrong-code", "Unprocessable content", 422,
                                            "The code is not right").with("attemptsLeft", ProblemAnswers.attemptsLeft(response)));
                                }
                                // Expired or locked at sms-service: this sign-in cannot succeed any more.
                                return settle(challengeId, ChallengeStatus.DENIED, DenialReason.SMS_CODE_FAILED)
                                        .chain(() -> Uni.createFrom().failure(new ProblemException(Problem.of(
                                                "sms-code-failed", "Gone", 410,
                                                "The code expired or was tried too often; start a new sign-in"))));
                            });
                })
                .chain(() -> challenges.find(tenantId, challengeId));
    }

    /** Under the user's guard lock, so two requests cannot both find no pending SMS sign-in (decision 0048). */
    @WithTransaction
    Uni<Opened> open(String tenantId, NewChallenge request, SignInMethod method) {
        Instant now = challenges.now();
        PushAdmission admission = new PushAdmission(PushAdmission.Limits.of(settings));
        return guard.lock(tenantId, request.userId())
                .chain(() -> phones.latestPhone(tenantId, request.userId()))
                .map(phone -> phone.orElseThrow(() -> ProblemException.conflict("no-verified-phone",
                        "The user has no verified phone for an SMS code")))
                .chain(phoneId -> facts.pendingSms(tenantId, request.userId(), now).chain(pending -> pending == null
                        ? persisted(tenantId, request, method, phoneId, now)
                        : resumedOrRefused(tenantId, request, method, phoneId, pending, admission, now)));
    }

    /**
     * A pending code sign-in that never got its code is resumed, not refused: sent again under its own
     * id as the Idempotency-Key. That is a sign-in whose send got no answer (decision 0114), or whose
     * instance died mid-send, or a double click while the first send is on its way. sms-service answers a
     * repeated key with what the first send started and texts nothing twice (decision 0098), and the person
     * is not held at "pending" with nothing to type until the challenge expires. One without its code by
     * the other channel is withdrawn for the new one; a sign-in with its code is refused as before.
     */
    private Uni<Opened> resumedOrRefused(String tenantId, NewChallenge request, SignInMethod method, String phoneId,
            PushAdmission.Pending pending, PushAdmission admission, Instant now) {
        return pushChallenges.findById(pending.id()).chain(earlier -> {
            if (earlier != null && earlier.smsVerificationId == null && method.name().equals(earlier.method)) {
                return Uni.createFrom().item(new Opened(earlier, phoneId, null));
            }
            if (earlier != null && earlier.smsVerificationId == null) {
                // Asked for the other channel ("call me" after an SMS that got no answer): that sign-in has no
                // code anyone can type, so it is withdrawn and this one opened in its place.
                return withdrawn(earlier, now).chain(() -> persisted(tenantId, request, method, phoneId, now));
            }
            Creation.Refused no = admission.sms(pending, now).orElseThrow();
            return challenges.refuse(tenantId, request, no.refusal(), no.retryAfter(), no.pendingChallengeId(), now)
                    .replaceWith(new Opened(null, null, no));
        });
    }

    private Uni<Opened> persisted(String tenantId, NewChallenge request, SignInMethod method, String phoneId, Instant now) {
        PushChallenge challenge = new PushChallenge();
        challenge.id = UUID.randomUUID();
        challenge.tenantId = tenantId;
        challenge.userId = request.userId();
        challenge.purpose = Purpose.SIGN_IN;
        challenge.method = method.name();
        challenge.status = ChallengeStatus.PENDING;
        challenge.numberToMatch = "";
        challenge.serverNonce = "";
        challenge.deviceIds = new String[0];
        challenge.application = request.application();
        challenge.ipAddress = request.ipAddress();
        challenge.location = request.location();
        challenge.createdAt = now;
        challenge.expiresAt = now.plus(settings.smsExpiry());
        // Created like a push, so every outcome on the topic has its creation; method SMS or VOICE and no
        // devices, so notification-service pushes nothing.
        String id = challenge.id.toString();
        return challenge.persist()
                .chain(() -> outbox.add(new ChallengeCreated(tenantId, challenge.userId, now, id, challenge.purpose.name(),
                        challenge.application, challenge.ipAddress, challenge.location, List.of(), challenge.expiresAt,
                        method.name())))
                .replaceWith(new Opened(challenge, phoneId, null));
    }

    /**
     * The challenge lives as long as its code, whose lifetime is the tenant's at sms-service (decision
     * 0102): a code valid 15 minutes is not cut off at 5, a 1-minute code does not hold the user's one
     * pending code sign-in for minutes after it died.
     */
    @WithTransaction
    Uni<PushChallenge> attach(UUID challengeId, String verificationId, String codeExpiresAt) {
        return pushChallenges.findById(challengeId).invoke(challenge -> {
            challenge.smsVerificationId = verificationId;
            if (codeExpiresAt != null) {
                Instant codeEnds = Instant.parse(codeExpiresAt);
                if (codeEnds.isAfter(challenge.createdAt) && codeEnds.isBefore(challenge.createdAt.plus(MAX_CODE_LIFETIME))) {
                    challenge.expiresAt = codeEnds;
                }
            }
        });
    }

    /** sms-service did not send the code: the challenge is cancelled, and says so on the topic. */
    @WithTransaction
    Uni<Void> withdraw(UUID challengeId) {
        Instant now = challenges.now();
        return pushChallenges.findById(challengeId).chain(challenge -> withdrawn(challenge, now));
    }

    private Uni<Void> withdrawn(PushChallenge challenge, Instant now) {
        return challenges.decide(challenge, ChallengeStatus.CANCELLED, null, null, now)
                .chain(won -> won
                        ? outbox.add(new ChallengeCancelled(challenge.tenantId, challenge.userId, now,
                                challenge.id.toString(), challenge.purpose.name())).replaceWithVoid()
                        : Uni.createFrom().voidItem());
    }

    @WithTransaction
    Uni<Void> settle(UUID challengeId, ChallengeStatus status, DenialReason reason) {
        Instant now = challenges.now();
        return pushChallenges.findById(challengeId).chain(challenge -> challenges
                .decide(challenge, status, null, reason, now)
                .chain(won -> {
                    if (!won) {
                        throw ProblemException.conflict("challenge-not-pending", "Challenge " + challengeId + " is no longer pending");
                    }
                    String id = challengeId.toString();
                    if (status == ChallengeStatus.APPROVED) {
                        return outbox.add(new ChallengeApproved(challenge.tenantId, challenge.userId, now, id, "SIGN_IN", null,
                                challenge.decidingMethod(status, null)))
                                .chain(() -> guard.succeeded(challenge.tenantId, challenge.userId));
                    }
                    return outbox.add(new ChallengeDenied(challenge.tenantId, challenge.userId, now, id, "SIGN_IN", null, reason.name(),
                            challenge.decidingMethod(status, null)))
                            .replaceWithVoid();
                }));
    }

    private static ProblemException notSent(Response response) {
        int status = response.getStatus();
        if (status == 429) {
            Integer retryAfter = ProblemAnswers.retryAfter(response);
            Duration wait = Duration.ofSeconds(retryAfter == null ? 60 : retryAfter);
            return ProblemException.tooManyRequests("sms-limit", "No SMS can be sent to this user's phone right now", wait);
        }
        return new ProblemException(Problem.of("sms-not-sent", "Bad gateway", 502,
                "sms-service could not send the code (status " + status + ")"));
    }
}
