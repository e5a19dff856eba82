package io.tweestap.events;

import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * What a failed scheduled run does, the same for every sweep and purge of every service: while the
 * database (or a service the run calls) is away every run fails, so each failure is one warning line
 * rather than a stack trace a second, and the run ends quietly; the next run retries and takes up
 * what this one left. Purges add their report of what they deleted ({@link PurgeRun}).
 */
public final class ScheduledRun {

    private ScheduledRun() {
    }

    /** @param what what the run does, for the warning: "{what} failed; the next run retries: {failure}" */
    public static Uni<Void> logged(Logger log, String what, Uni<?> run) {
        return run.replaceWithVoid()
                .onFailure().invoke(failure -> log.warnf("%s failed; the next run retries: %s", what, failure.toString()))
                .onFailure().recoverWithNull();
    }
}
