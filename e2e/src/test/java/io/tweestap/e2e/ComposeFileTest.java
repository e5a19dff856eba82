package io.tweestap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * No container engine runs here, so the compose file is checked the way docker-compose itself
 * checks it before starting anything. deploy/local/test installs docker-compose where missing.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of(System.getProperty("tweestap.root", "..")).toAbsolutePath().normalize();
    /** No secret ships with the compose file (decision 0016): whoever starts it supplies these. */
    private static final Map<String, String> SECRETS = Map.of(
            "TWEESTAP_SMS_CODE_HMAC_KEY", "compose-file-test-hmac-key",
            "TWEESTAP_VONAGE_SIGNATURE_SECRET", "compose-file-test-signature-secret",
            "TWEESTAP_ENROLLMENT_DB_PASSWORD", "compose-file-test-1",
            "TWEESTAP_CHALLENGE_DB_PASSWORD", "compose-file-test-2",
            "TWEESTAP_NOTIFICATION_DB_PASSWORD", "compose-file-test-3",
            "TWEESTAP_SMS_DB_PASSWORD", "compose-file-test-4",
            // Web Push's VAPID pair and the contact push services may reach (decision 0075)
            "TWEESTAP_VAPID_PUBLIC_KEY", "compose-file-test-vapid-public",
            "TWEESTAP_VAPID_PRIVATE_KEY", "compose-file-test-vapid-private",
            "TWEESTAP_VAPID_SUBJECT", "mailto:compose-file-test@example.org");

    @Test
    void theComposeFileIsValidAndDescribesTheWholeSystem() throws Exception {
        String output = config(SECRETS, 0);
        // The broker's host listener has no login and PostgreSQL's superuser a known password:
        // both are published on loopback only, never on every interface.
        assertThat(output).contains("127.0.0.1:9094:9094", "127.0.0.1:5432:5432")
                .doesNotContain("published: 9094", "published: 5432");
        assertThat(output).contains("enrollment-service", "challenge-service", "notification-service", "sms-service",
                "kafka", "postgres", "Dockerfile.jvm",
                // the optional operations profile, with the dashboard and alerts it mounts
                "prometheus", "grafana", "tweestap-alerts.yml", "tweestap-operations.json");
    }

    @Test
    void composeRefusesToStartWithoutEachSecret() throws Exception {
        for (String secret : SECRETS.keySet()) {
            Map<String, String> env = new HashMap<>(SECRETS);
            env.remove(secret);
            assertThat(config(env, 1)).as(secret).contains(secret);
        }
    }

    private static final Path EMPTY_ENV = emptyEnvFile();

    private static Path emptyEnvFile() {
        try {
            Path file = Files.createTempFile("compose-file-test", ".env");
            file.toFile().deleteOnExit();
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String config(Map<String, String> secrets, int exitValue) throws Exception {
        Path compose = ROOT.resolve("docker-compose.yml");
        ProcessBuilder builder = new ProcessBuilder("docker-compose", "-f", compose.toString(),
                // a developer's .env beside the file must not supply what the test leaves out
                "--env-file", EMPTY_ENV.toString(), "--profile", "observability", "config")
                .redirectErrorStream(true);
        SECRETS.keySet().forEach(builder.environment()::remove);
        builder.environment().putAll(secrets);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(exitValue);
        return output;
    }

    @Test
    void everyServiceHasTheImageRecipeComposeBuilds() {
        for (String service : new String[] {"enrollment", "challenge", "notification", "sms"}) {
            assertThat(ROOT.resolve(service + "-service/src/main/docker/Dockerfile.jvm")).exists();
        }
        assertThat(Files.exists(ROOT.resolve("deploy/k8s"))).isTrue();
    }
}
