package io.tweestap.enrollment.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.domain.DeviceMove;
import io.tweestap.enrollment.repository.DeviceMoveRepository;
import io.tweestap.events.OwnContext;
import io.tweestap.events.ScheduledRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Abandons moves to a new phone that were not approved in time (decision 0094), with their
 * compensation. Safe on every instance: the overdue moves are read without locks and each is
 * abandoned in its own transaction, under its user's setup lock, by a conditional update, so two
 * instances reading the same move abandon it once, and a move approved meanwhile stays completed.
 * The old device's pending question is then withdrawn.
 */
@ApplicationScoped
public class OverdueMoves {

    private static final Logger LOG = Logger.getLogger(OverdueMoves.class);
    static final int BATCH = 100;

    @Inject
    Clock clock;

    @Inject
    DeviceMoveRepository moves;

    @Inject
    MoveEndings endings;

    @Inject
    MoveQuestion question;

    /** The scheduler calls from its own thread, where Hibernate Reactive has no session to use. */
    @Inject
    OwnContext ownContext;

    @Scheduled(identity = "enrollment-overdue-moves", every = "${tweestap.enrollment.moves.sweep-every:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> onSchedule() {
        return ScheduledRun.logged(LOG, "Abandoning overdue moves", abandonOverdue(Instant.now(clock)));
    }

    /** Abandons the moves past their time at {@code now}, a batch per run; how many this call abandoned. */
    public Uni<Integer> abandonOverdue(Instant now) {
        return ownContext.run(() -> Panache.withSession(() -> moves.overdue(now, BATCH)).chain(overdue -> each(overdue, now)))
                .invoke(abandoned -> {
                    if (abandoned > 0) {
                        LOG.infof("Abandoned %d moves to a new phone not approved in time", abandoned);
                    }
                });
    }

    private Uni<Integer> each(List<DeviceMove> overdue, Instant now) {
        Uni<Integer> count = Uni.createFrom().item(0);
        for (DeviceMove move : overdue) {
            count = count.chain(so -> endings.timedOut(move.id, now)
                    .call(abandoned -> abandoned ? question.withdraw(move) : Uni.createFrom().voidItem())
                    .map(abandoned -> abandoned ? so + 1 : so));
        }
        return count;
    }
}
