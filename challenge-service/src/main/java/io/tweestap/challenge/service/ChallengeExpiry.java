package io.tweestap.challenge.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Expiry must happen even when nobody polls, so that ChallengeExpired reaches operations. */
@ApplicationScoped
public class ChallengeExpiry {

    @Inject
    ChallengeService challenges;

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> expireOverdue() {
        return challenges.expireOverdue().replaceWithVoid();
    }
}
