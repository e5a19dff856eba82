package io.tweestap.challenge.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Expiry must happen even when nobody polls, so that ChallengeExpired reaches operations. */
@ApplicationScoped
public class ChallengeExpiry {

    private static final Logger LOG = Logger.getLogger(ChallengeExpiry.class);

    @Inject
    ChallengeService challenges;

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> expireOverdue() {
        // While the database is away every run fails: one line each, not a stack trace a second.
        return challenges.expireOverdue().replaceWithVoid()
                .onFailure().invoke(failure -> LOG.warnf("Expiring overdue challenges failed; next run retries: %s", failure.toString()))
                .onFailure().recoverWithNull();
    }
}
