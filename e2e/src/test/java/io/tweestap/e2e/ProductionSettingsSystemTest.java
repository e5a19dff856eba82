package io.tweestap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A packaged service started as a deployment starts it ({@code java -jar}, so the {@code prod}
 * profile) with the database role name as its password refuses to start, and says which setting
 * to change (decision 0016). Nothing is reached: the check runs before the service serves.
 */
class ProductionSettingsSystemTest {

    private static final Path ROOT = Path.of(System.getProperty("tweestap.root", "..")).toAbsolutePath().normalize();

    @Test
    void aServiceInTheProdProfileRefusesToStartWithTheRoleNameAsDatabasePassword() throws Exception {
        Path jar = ROOT.resolve("notification-service/target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("package the services first (./mvnw package)").isRegularFile();
        Path log = Files.createTempFile("tweestap-prod-start-", ".log");
        Process service = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dquarkus.http.port=0",
                "-Dquarkus.flyway.migrate-at-start=false",
                "-Dkafka.bootstrap.servers=127.0.0.1:1",
                "-Dtweestap.kafka.password=unused-here",
                "-Dquarkus.datasource.username=notification",
                "-Dquarkus.datasource.password=notification",
                "-jar", jar.toString()))
                .directory(ROOT.resolve("notification-service").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            assertThat(service.waitFor(90, TimeUnit.SECONDS)).as("the service gave up starting").isTrue();
        } finally {
            service.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(service.exitValue()).as(output).isNotZero();
        assertThat(output).contains("Refusing to start in the prod profile: quarkus.datasource.password is a default or example value");
    }
}
