package io.tweestap.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V6 on a directory written by the versions before it: every active device counts as verified
 * (its users keep their sign-in pushes), a removed one does not (decision 0014). Runs the service's
 * migrations into a schema of its own in the test database, so the application's schema is untouched.
 */
@QuarkusTest
class DeviceVerifiedMigrationTest {

    private static final String SCHEMA = "v6_migration_check";

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void devicesKnownBeforeV6AreVerifiedUnlessRemoved() throws Exception {
        Flyway before = flyway("5");
        before.clean();
        before.migrate();
        try (Connection connection = DriverManager.getConnection(url, user, password); Statement sql = connection.createStatement()) {
            sql.execute("INSERT INTO " + SCHEMA + ".device (device_id, tenant_id, user_id, public_key, active, registered_at, removed_at)"
                    + " VALUES ('in-use', 'acme', 'anna', 'key', true, now() - interval '30 days', NULL),"
                    + " ('removed', 'acme', 'anna', 'key', false, now() - interval '60 days', now() - interval '40 days')");

            flyway("latest").migrate();

            Map<String, Boolean> verified = new HashMap<>();
            try (ResultSet rows = sql.executeQuery("SELECT device_id, verified, verified_at = registered_at AS since_registration"
                    + " FROM " + SCHEMA + ".device")) {
                while (rows.next()) {
                    verified.put(rows.getString("device_id"), rows.getBoolean("verified"));
                    if (rows.getBoolean("verified")) {
                        assertThat(rows.getBoolean("since_registration")).isTrue();
                    }
                }
            }
            assertThat(verified).containsEntry("in-use", true).containsEntry("removed", false);
        } finally {
            flyway("latest").clean();
        }
    }

    private Flyway flyway(String target) {
        return Flyway.configure()
                .dataSource(url, user, password)
                .schemas(SCHEMA)
                .locations("classpath:db/migration")
                .target(target)
                .cleanDisabled(false)
                .load();
    }
}
