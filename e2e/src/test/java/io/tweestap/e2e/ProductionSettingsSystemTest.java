package io.tweestap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A packaged service started as a deployment starts it ({@code java -jar}, so the {@code prod}
 * profile) refuses to start with a default secret or without the addresses it hands to phones,
 * and says which setting to change (decision 0016). Nothing is reached: the checks run before the
 * service serves.
 */
class ProductionSettingsSystemTest {

    private static final Path ROOT = Path.of(System.getProperty("tweestap.root", "..")).toAbsolutePath().normalize();

    @Test
    void aServiceInTheProdProfileRefusesToStartWithTheRoleNameAsDatabasePassword() throws Exception {
        Started service = startInProd("notification-service",
                "-Dquarkus.datasource.username=notification",
                "-Dquarkus.datasource.password=notification");
        assertThat(service.exitValue()).as(service.output()).isNotZero();
        assertThat(service.output())
                .contains("Refusing to start in the prod profile: quarkus.datasource.password is a default or example value");
    }

    /** The public URL and endpoints have defaults only in dev and test: forgotten, they stop the start. */
    @Test
    void enrollmentServiceInTheProdProfileRefusesToStartWithoutItsPublicUrl() throws Exception {
        Started service = startInProd("enrollment-service",
                "-Dquarkus.datasource.username=enrollment",
                "-Dquarkus.datasource.password=a-secret-of-this-deployment-" + System.nanoTime());
        assertThat(service.exitValue()).as(service.output()).isNotZero();
        assertThat(service.output()).contains("tweestap.enrollment.public-url")
                .doesNotContain("http://localhost:8081");
    }

    private record Started(int exitValue, String output) {
    }

    private static Started startInProd(String module, String... properties) throws Exception {
        Path jar = ROOT.resolve(module + "/target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("package the services first (./mvnw package)").isRegularFile();
        Path log = Files.createTempFile("tweestap-prod-start-", ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dquarkus.http.port=0",
                "-Dquarkus.flyway.migrate-at-start=false",
                "-Dkafka.bootstrap.servers=127.0.0.1:1",
                "-Dtweestap.kafka.password=unused-here"));
        command.addAll(List.of(properties));
        command.addAll(List.of("-jar", jar.toString()));
        Process service = new ProcessBuilder(command)
                .directory(ROOT.resolve(module).toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            assertThat(service.waitFor(90, TimeUnit.SECONDS)).as("the service gave up starting").isTrue();
        } finally {
            service.destroyForcibly();
        }
        try {
            return new Started(service.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
