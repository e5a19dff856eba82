package io.tweestap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * No container engine runs here, so the compose file is checked the way docker-compose itself
 * checks it before starting anything. deploy/local/test installs docker-compose where missing.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of(System.getProperty("tweestap.root", "..")).toAbsolutePath().normalize();

    @Test
    void theComposeFileIsValidAndDescribesTheWholeSystem() throws Exception {
        Path compose = ROOT.resolve("docker-compose.yml");
        Process process = new ProcessBuilder("docker-compose", "-f", compose.toString(), "--profile", "observability", "config")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("enrollment-service", "challenge-service", "notification-service", "sms-service",
                "kafka", "postgres", "Dockerfile.jvm",
                // the optional operations profile, with the dashboard and alerts it mounts
                "prometheus", "grafana", "tweestap-alerts.yml", "tweestap-operations.json");
    }

    @Test
    void everyServiceHasTheImageRecipeComposeBuilds() {
        for (String service : new String[] {"enrollment", "challenge", "notification", "sms"}) {
            assertThat(ROOT.resolve(service + "-service/src/main/docker/Dockerfile.jvm")).exists();
        }
        assertThat(Files.exists(ROOT.resolve("deploy/k8s"))).isTrue();
    }
}
