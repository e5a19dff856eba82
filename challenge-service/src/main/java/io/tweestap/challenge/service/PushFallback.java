package io.tweestap.challenge.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.tweestap.challenge.client.SmsServiceClient;
import io.tweestap.challenge.domain.SignInMethod;
import io.tweestap.challenge.projection.PhoneDirectory;
import io.tweestap.challenge.repository.PushChallengeRepository;
import io.tweestap.challenge.repository.PushChallengeRepository.DueFallback;
import io.tweestap.events.ScheduledRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * A sign-in push whose phone has not acknowledged it ({@code NotificationDelivered}) within the
 * tenant's time becomes a code to the user's verified phone, by the first method of the tenant's
 * order that sms-service sends (decision 0104). The challenge stays open: the push still approves
 * it, and so does the code.
 *
 * <p>Every instance runs it every second. A claim is one {@code UPDATE … FOR UPDATE SKIP LOCKED}
 * that moves the row's due time a lease ahead, so a due fallback is taken by one instance; if that
 * instance dies before it records the send, another takes it after the lease, and sms-service
 * answers the repeated send (same Idempotency-Key) with the code already sent, without sending again.
 */
@ApplicationScoped
public class PushFallback {

    private static final Logger LOG = Logger.getLogger(PushFallback.class);

    /** Longer than sms-service's answer can take (its Vonage timeout is 5 s), shorter than its 60 s cooldown. */
    static final Duration LEASE = Duration.ofSeconds(30);

    @Inject
    PushChallengeRepository pushChallenges;

    @Inject
    PhoneDirectory phones;

    @Inject
    ChallengeService challenges;

    @Inject
    SignInCodes codes;

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return ScheduledRun.logged(LOG, "Push fallbacks", runDue());
    }

    /** @return how many due fallbacks this run took */
    public Uni<Integer> runDue() {
        Instant now = challenges.now();
        return Panache.withTransaction(() -> pushChallenges.claimDueFallbacks(now, now.plus(LEASE)))
                .chain(due -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (DueFallback fallback : due) {
                        all = all.chain(() -> fallBack(fallback)
                                .onFailure().invoke(failure -> LOG.warnf("Fallback of challenge %s failed; retried after the lease: %s",
                                        fallback.challengeId(), failure.toString()))
                                .onFailure().recoverWithNull());
                    }
                    return all.replaceWith(due.size());
                });
    }

    private Uni<Void> fallBack(DueFallback due) {
        return Panache.withSession(() -> phones.latestPhone(due.tenantId(), due.userId()))
                .chain(phone -> phone.isPresent() ? send(due, phone.get(), due.order())
                        : givenUp(due, "the user has no verified phone"));
    }

    /** The tenant's order: the next method is tried when sms-service sends nothing by this one. */
    private Uni<Void> send(DueFallback due, String phoneId, List<SignInMethod> left) {
        if (left.isEmpty()) {
            return givenUp(due, "sms-service sent no code by any method of the tenant's order");
        }
        SignInMethod method = left.get(0);
        SmsServiceClient.SendCode code = new SmsServiceClient.SendCode(due.userId(), due.language(), "SIGN_IN",
                method.codeChannel());
        // One key per push and method: a send repeated after a lease (its instance died) gets the code
        // already sent, and no second one (decision 0098).
        return codes.send(due.tenantId(), due.challengeId() + ":fallback-" + method, phoneId, code)
                .chain(response -> {
                    if (response.getStatus() != 201) {
                        LOG.infof("Fallback of challenge %s: no code by %s (sms-service %d)", due.challengeId(), method,
                                response.getStatus());
                        return send(due, phoneId, left.subList(1, left.size()));
                    }
                    return recorded(due, method, response);
                });
    }

    private Uni<Void> recorded(DueFallback due, SignInMethod method, Response response) {
        Map<?, ?> issued = response.readEntity(Map.class);
        String verificationId = (String) issued.get("verificationId");
        Object expiresAt = issued.get("expiresAt");
        Instant codeEnds = expiresAt == null ? null : Instant.parse((String) expiresAt);
        return Panache.withTransaction(() -> pushChallenges.fellBack(due.challengeId(), verificationId, method, codeEnds))
                .invoke(recorded -> LOG.infof(recorded ? "Challenge %s fell back to a code by %s"
                        : "Challenge %s was decided while its code by %s went out", due.challengeId(), method))
                .replaceWithVoid();
    }

    private Uni<Void> givenUp(DueFallback due, String why) {
        LOG.infof("Challenge %s: no fallback, %s", due.challengeId(), why);
        return Panache.withTransaction(() -> pushChallenges.noFallback(due.challengeId()));
    }
}
