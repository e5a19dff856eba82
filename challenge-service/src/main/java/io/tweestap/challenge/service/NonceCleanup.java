package io.tweestap.challenge.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

@ApplicationScoped
public class NonceCleanup {

    @Inject
    DeviceRequests deviceRequests;

    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> forgetExpiredNonces() {
        return deviceRequests.forgetExpiredNonces().replaceWithVoid();
    }
}
