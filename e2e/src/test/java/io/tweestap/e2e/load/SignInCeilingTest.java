package io.tweestap.e2e.load;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pgbench against the machine's PostgreSQL, briefly: the script runs on the migrated tables and leaves nothing behind. */
class SignInCeilingTest {

    private static final PostgresAdmin ADMIN = PostgresAdmin.fromSystemProperties();
    private static final String PREFIX = "ceiling_test_" + UUID.randomUUID().toString().substring(0, 8) + "_";
    private static final Path ROOT = Path.of(System.getProperty("tweestap.root", "..")).toAbsolutePath().normalize();

    @Test
    void theSignInScriptRunsOnTheServicesTablesAndItsDatabaseIsDroppedAfter() {
        SignInCeiling.Result result = new SignInCeiling(ADMIN, ROOT, PREFIX).measure(2, Duration.ofSeconds(1));
        assertThat(result.signInsPerSecond()).isPositive();
        assertThat(result.clients()).isEqualTo(2);
        assertThat(scratchDatabases())
                .isEqualTo("0");
    }

    @Test
    void aMigrationThatIsMissingFailsAndStillDropsTheScratchDatabase() {
        assertThatThrownBy(() -> new SignInCeiling(ADMIN, ROOT.resolve("no-such-repository"), PREFIX).measure(2, Duration.ofSeconds(1)))
                .isInstanceOf(java.io.UncheckedIOException.class);
        assertThat(scratchDatabases())
                .isEqualTo("0");
    }

    private static String scratchDatabases() {
        return ADMIN.query("postgres", "SELECT count(*) FROM pg_database WHERE starts_with(datname, '" + PREFIX + "')").strip();
    }
}
