package io.tweestap.challenge.service;

import io.smallrye.mutiny.Uni;
import io.tweestap.challenge.domain.ChallengeStatus;
import io.tweestap.challenge.domain.PushChallenge;
import io.tweestap.challenge.repository.KnownDeviceRepository;
import io.tweestap.challenge.repository.PushChallengeRepository;
import io.tweestap.events.challenge.ChallengeCancelled;
import io.tweestap.events.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/**
 * Pending sign-ins a blocked device leaves with nobody to answer them (decision 0089). Each pending
 * challenge of the user that was sent to the blocked device, and to no other active, unblocked device,
 * is cancelled with {@code ChallengeCancelled}, so the sign-in page learns at once instead of waiting
 * for the expiry.
 */
@ApplicationScoped
public class StrandedChallenges {

    @Inject
    KnownDeviceRepository devices;

    @Inject
    PushChallengeRepository pushChallenges;

    @Inject
    ChallengeService challenges;

    @Inject
    Outbox outbox;

    /** Runs in the inbox transaction that applied the block, so the block and its cancellations commit together. */
    public Uni<Void> cancelFor(String tenantId, String userId, String blockedDeviceId) {
        Instant now = challenges.now();
        return pushChallenges.pendingOf(tenantId, userId, now)
                .chain(pending -> devices.usableOf(tenantId, userId)
                        .chain(usable -> {
                            List<String> usableIds = usable.stream().map(device -> device.deviceId).toList();
                            Uni<Void> chain = Uni.createFrom().voidItem();
                            for (PushChallenge challenge : pending) {
                                if (stranded(challenge, blockedDeviceId, usableIds)) {
                                    chain = chain.chain(() -> cancel(challenge, now));
                                }
                            }
                            return chain;
                        }));
    }

    private static boolean stranded(PushChallenge challenge, String blockedDeviceId, List<String> usableIds) {
        List<String> targets = challenge.devices();
        return targets.contains(blockedDeviceId) && targets.stream().noneMatch(usableIds::contains);
    }

    /** An answer that won the race first leaves the challenge as it is. */
    private Uni<Void> cancel(PushChallenge challenge, Instant now) {
        String id = challenge.id.toString();
        ChallengeCancelled cancelled = new ChallengeCancelled(challenge.tenantId, challenge.userId, now, id,
                challenge.purpose.name());
        return challenges.decide(challenge, ChallengeStatus.CANCELLED, null, null, now)
                .chain(won -> won ? outbox.add(cancelled).replaceWithVoid() : Uni.createFrom().voidItem());
    }
}
