package io.tweestap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweestap.e2e.load.LocalCommand;
import io.tweestap.e2e.load.PostgresAdmin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The local platform's {@code prepare} leaves the machine's PostgreSQL fit to run Tweestap: with
 * autovacuum on, which the queue tables need (decision 0128), also where the server's own
 * configuration turned it off.
 */
class PreparedPostgresTest {

    private static final Path ROOT = DeployedService.ROOT;
    private final PostgresAdmin admin = PostgresAdmin.fromSystemProperties();

    @Test
    void prepareTurnsOnTheAutovacuumAServerHadOffAndLeavesItOnOnTheNextRun() {
        try {
            setAutovacuum("off");
            assertThat(autovacuum()).isEqualTo("off");

            String first = prepare();
            assertThat(first).contains("autovacuum was off; turned on");
            assertThat(awaitAutovacuum("on")).isEqualTo("on");

            String second = prepare();
            assertThat(second).doesNotContain("autovacuum");
            assertThat(autovacuum()).isEqualTo("on");
        } finally {
            // Never leave the machine's server without it (as prepare leaves it), whatever failed above.
            setAutovacuum("on");
        }
    }

    private void setAutovacuum(String value) {
        admin.query("postgres", "ALTER SYSTEM SET autovacuum = " + value);
        admin.query("postgres", "SELECT pg_reload_conf()");
        awaitAutovacuum(value);
    }

    /** The setting once a new session sees {@code value}, or the last one seen after 5 s: a reload is asynchronous. */
    private String awaitAutovacuum(String value) {
        try {
            return Awaitility.await("autovacuum " + value).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(this::autovacuum, value::equals);
        } catch (ConditionTimeoutException stillOther) {
            return autovacuum();
        }
    }

    private String autovacuum() {
        return admin.query("postgres", "SHOW autovacuum").strip();
    }

    private static String prepare() {
        return LocalCommand.run(List.of(ROOT.resolve("deploy/local/platform").toString(), "prepare"), 120);
    }
}
