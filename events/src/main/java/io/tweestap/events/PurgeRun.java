package io.tweestap.events;

import io.smallrye.mutiny.Uni;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * A scheduled run of a purge ({@link BatchedDeletion}), the same in every service: what it deleted
 * is logged when it deleted anything, and a failure (the database away for a moment) ends the run
 * as every scheduled run's does ({@link ScheduledRun}); the next run deletes what this one left.
 */
public final class PurgeRun {

    private PurgeRun() {
    }

    /**
     * @param what   what the purge deletes, for the warning: "Purging {what} failed"
     * @param report the log line for what one run deleted, or {@code null} when it deleted nothing
     */
    public static <T> Uni<Void> logged(Logger log, String what, Uni<T> purge, Function<T, String> report) {
        return ScheduledRun.logged(log, "Purging " + what, purge.invoke(deleted -> {
            String line = report.apply(deleted);
            if (line != null) {
                log.info(line);
            }
        }));
    }
}
