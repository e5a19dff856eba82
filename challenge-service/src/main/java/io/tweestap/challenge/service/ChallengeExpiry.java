package io.tweestap.challenge.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.tweestap.events.ScheduledRun;
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
        return ScheduledRun.logged(LOG, "Expiring overdue challenges", challenges.expireOverdue());
    }
}
