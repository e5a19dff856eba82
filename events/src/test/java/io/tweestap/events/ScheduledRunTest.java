package io.tweestap.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/** What every scheduled sweep and purge does with its outcome: a failure is one warning and ends the run quietly. */
class ScheduledRunTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void aRunThatWorksEndsWithoutALine() {
        Lines log = new Lines();
        assertThat(ScheduledRun.logged(log, "Expiring overdue challenges", Uni.createFrom().item(3)).await().atMost(WAIT)).isNull();
        assertThat(log.lines).isEmpty();
    }

    @Test
    void aFailedRunIsOneWarningAndEndsQuietlySoTheNextRunRetries() {
        Lines log = new Lines();
        Uni<Void> run = ScheduledRun.logged(log, "Expiring overdue challenges",
                Uni.createFrom().failure(new IllegalStateException("database away")));
        assertThat(run.await().atMost(WAIT)).isNull();
        assertThat(log.lines).containsExactly(
                "WARN Expiring overdue challenges failed; the next run retries: java.lang.IllegalStateException: database away");
    }

    @Test
    void aPurgeReportsWhatItDeletedOnlyWhenItDeletedSomething() {
        Lines log = new Lines();
        PurgeRun.logged(log, "old sends", Uni.createFrom().item(0), deleted -> deleted == 0 ? null : "Purged " + deleted)
                .await().atMost(WAIT);
        PurgeRun.logged(log, "old sends", Uni.createFrom().item(12), deleted -> deleted == 0 ? null : "Purged " + deleted)
                .await().atMost(WAIT);
        assertThat(log.lines).containsExactly("INFO Purged 12");
    }

    @Test
    void aFailedPurgeIsTheSameWarningNamingWhatItPurges() {
        Lines log = new Lines();
        PurgeRun.logged(log, "old sends", Uni.createFrom().<Integer>failure(new IllegalStateException("database away")),
                deleted -> "Purged " + deleted).await().atMost(WAIT);
        assertThat(log.lines).containsExactly(
                "WARN Purging old sends failed; the next run retries: java.lang.IllegalStateException: database away");
    }

    /** The lines a service's log would show, level first. */
    private static final class Lines extends Logger {

        final List<String> lines = new ArrayList<>();

        Lines() {
            super("scheduled-run-test");
        }

        @Override
        public boolean isEnabled(Level level) {
            return true;
        }

        @Override
        protected void doLog(Level level, String loggerClassName, Object message, Object[] parameters, Throwable thrown) {
            lines.add(level + " " + message);
        }

        @Override
        protected void doLogf(Level level, String loggerClassName, String format, Object[] parameters, Throwable thrown) {
            lines.add(level + " " + String.format(format, parameters));
        }
    }
}
