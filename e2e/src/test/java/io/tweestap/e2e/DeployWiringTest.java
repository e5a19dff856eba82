package io.tweestap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every service gets from docker-compose.yml and from the rendered deploy/k8s overlays (dev, prod) everything
 * it needs outside the dev profile: where the services it calls are (their name and port on the
 * network, never localhost), the keys it verifies and signs tokens with (mounted where it reads
 * them), its database, its Kafka login, its public URLs, the SMS-code key, the Vonage account and the
 * Vonage application voice calls are placed as (its id, its private key mounted), the
 * VAPID key pair of Web Push and the web app's origin, and the APNs/FCM credentials once switched
 * on. Nothing runs these files in the build, so this is what notices when one of them stops
 * matching the services' settings.
 */
class DeployWiringTest {

    /** What a service needs; {@code problem} says what is wrong with a deployment of it, or nothing. */
    record Need(String what, Function<DeployedService, Optional<String>> problem) {
    }

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");
    private static final String SIGNING_KEY = "smallrye.jwt.sign.key.location";

    /** The table: per service, what it needs. */
    static final Map<String, List<Need>> NEEDS = new LinkedHashMap<>();

    static {
        NEEDS.put("enrollment-service", concat(everyService("enrollment"), List.of(
                set("tweestap.enrollment.public-url"),
                set("tweestap.enrollment.endpoints.challenge-service"),
                set("tweestap.enrollment.endpoints.notification-service"),
                reaches("quarkus.rest-client.challenge-service.url", "challenge-service"),
                reaches("quarkus.rest-client.sms-service.url", "sms-service"),
                mounted(SIGNING_KEY))));
        NEEDS.put("challenge-service", concat(everyService("challenge"), List.of(
                reaches("quarkus.rest-client.sms-service.url", "sms-service"),
                // the web app's origin (enrollment-service's), or its browser may not call the device API (0072)
                set("tweestap.challenge.app-origins"),
                mounted(SIGNING_KEY))));
        NEEDS.put("notification-service", concat(everyService("notification"), List.of(
                noSigningKey(),
                set("tweestap.notification.web-push.vapid-public-key"),
                set("tweestap.notification.web-push.vapid-private-key"),
                set("tweestap.notification.web-push.subject"),
                set("tweestap.notification.web-push.app-origins"),
                whenOn("APNs", "tweestap.notification.apns.signing-key-path", "tweestap.notification.apns.team-id",
                        "tweestap.notification.apns.key-id", "tweestap.notification.apns.topic"),
                whenOn("FCM", "tweestap.notification.fcm.service-account-path"))));
        NEEDS.put("sms-service", concat(everyService("sms"), List.of(
                noSigningKey(),
                set("tweestap.sms.code-hmac-key"),
                set("tweestap.vonage.api-key"),
                set("tweestap.vonage.api-secret"),
                set("tweestap.vonage.signature-secret"),
                // "call me": voice calls authenticate as a Vonage application, by its id and private key
                set("tweestap.vonage.application-id"),
                mounted("tweestap.vonage.private-key-path"))));
    }

    /** Secrets whoever starts the compose file exports; compose refuses to start without them. */
    static final Map<String, String> COMPOSE_SECRETS = Map.of(
            "TWEESTAP_SMS_CODE_HMAC_KEY", "deploy-wiring-test-hmac-key",
            "TWEESTAP_VONAGE_SIGNATURE_SECRET", "deploy-wiring-test-signature-secret",
            "TWEESTAP_ENROLLMENT_DB_PASSWORD", "deploy-wiring-test-1",
            "TWEESTAP_CHALLENGE_DB_PASSWORD", "deploy-wiring-test-2",
            "TWEESTAP_NOTIFICATION_DB_PASSWORD", "deploy-wiring-test-3",
            "TWEESTAP_SMS_DB_PASSWORD", "deploy-wiring-test-4",
            "TWEESTAP_VAPID_PUBLIC_KEY", "deploy-wiring-test-vapid-public",
            "TWEESTAP_VAPID_PRIVATE_KEY", "deploy-wiring-test-vapid-private",
            "TWEESTAP_VAPID_SUBJECT", "mailto:deploy-wiring-test@example.org");

    @Test
    void composeGivesEveryServiceWhatItNeeds() throws Exception {
        Map<String, DeployedService> services = ComposeDeployment.services(COMPOSE_SECRETS, NEEDS.keySet());
        // compose keeps its broker open on its private network on purpose (decision 0063)
        assertThat(problems(services, true)).as("docker-compose.yml").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kubernetesGivesEveryServiceWhatItNeeds(String overlay) {
        Map<String, DeployedService> services = KubernetesDeployment.services(overlay, NEEDS.keySet());
        assertThat(problems(services, false)).as("deploy/k8s/overlays/" + overlay).isEmpty();
    }

    private static List<String> problems(Map<String, DeployedService> services, boolean openBrokerAllowed) {
        List<String> problems = new ArrayList<>();
        services.forEach((name, service) -> {
            for (Need need : NEEDS.get(name)) {
                need.problem().apply(service).ifPresent(p -> problems.add(name + ": " + need.what() + ": " + p));
            }
            String protocol = service.setting("tweestap.kafka.security-protocol").orElse("SASL_SSL");
            if (protocol.equals("PLAINTEXT") && !openBrokerAllowed) {
                problems.add(name + ": Kafka without a login outside compose's private network");
            }
            if (!protocol.equals("PLAINTEXT")) {
                String user = service.setting("tweestap.kafka.username").orElse(name);
                if (!user.equals(name) || service.setting("tweestap.kafka.password").isEmpty()) {
                    problems.add(name + ": Kafka login: its own user " + name + " with a password (is " + user + ")");
                }
            }
        });
        // ServiceTokens stamps the caller's mp.jwt.verify.issuer on its tokens; the called service checks its own.
        Set<String> issuers = services.values().stream().map(s -> s.setting("mp.jwt.verify.issuer").orElse("<unset>"))
                .collect(Collectors.toSet());
        if (issuers.size() != 1) {
            problems.add("the services verify different token issuers " + issuers
                    + ": service tokens of one are refused by another");
        }
        return problems;
    }

    private static List<Need> everyService(String role) {
        return List.of(
                database("quarkus.datasource.reactive.url", role),
                database("quarkus.datasource.jdbc.url", role),
                new Need("database role " + role, s -> s.setting("quarkus.datasource.username").filter(role::equals)
                        .isPresent() ? Optional.empty() : Optional.of("quarkus.datasource.username is not " + role)),
                set("quarkus.datasource.password"),
                new Need("Kafka bootstrap servers", s -> s.setting("kafka.bootstrap.servers")
                        .filter(v -> Stream.of(v.split(",")).noneMatch(a -> LOOPBACK.contains(a.replaceAll(":\\d+$", ""))))
                        .isPresent() ? Optional.empty() : Optional.of("kafka.bootstrap.servers is unset or loopback")),
                set("mp.jwt.verify.issuer"),
                mounted("mp.jwt.verify.publickey.location"));
    }

    private static Need set(String property) {
        return new Need(property, s -> s.setting(property).isPresent() ? Optional.empty()
                : Optional.of("not set (" + DeployedService.envName(property) + ")"));
    }

    private static Need reaches(String property, String service) {
        return new Need("calls " + service, s -> s.reaches(property, service));
    }

    /** The file the property names is mounted into the container (a URL, e.g. a JWKS endpoint, needs no file). */
    private static Need mounted(String property) {
        return new Need(property + " mounted", s -> {
            Optional<String> path = s.setting(property);
            if (path.isEmpty()) {
                return Optional.of("not set (" + DeployedService.envName(property) + ")");
            }
            return path.get().startsWith("http") || s.files().contains(path.get()) ? Optional.empty()
                    : Optional.of(path.get() + " is not mounted; mounted: " + s.files());
        });
    }

    /** Only the services that call others hold the key service tokens are signed with. */
    private static Need noSigningKey() {
        return new Need("no service-token signing key", s -> s.files().stream().anyMatch(f -> f.endsWith("/private.pem"))
                ? Optional.of("a private.pem is mounted: " + s.files()) : Optional.empty());
    }

    /** A provider is off until one of its settings is given; then all of them, and its key file mounted. */
    private static Need whenOn(String provider, String pathProperty, String... others) {
        return new Need(provider + " when switched on", s -> {
            List<String> all = concat(List.of(pathProperty), List.of(others));
            List<String> unset = all.stream().filter(p -> s.setting(p).isEmpty()).toList();
            if (unset.size() == all.size()) {
                return Optional.empty();
            }
            if (!unset.isEmpty()) {
                return Optional.of("switched on without " + unset);
            }
            return mounted(pathProperty).problem().apply(s);
        });
    }

    private static Need database(String property, String role) {
        return new Need("database " + role + " (" + property + ")", s -> {
            Optional<String> url = s.setting(property);
            if (url.isEmpty()) {
                return Optional.of("not set");
            }
            URI uri = URI.create(url.get().replaceFirst("^jdbc:", ""));
            boolean right = uri.getHost() != null && !LOOPBACK.contains(uri.getHost()) && uri.getPath().equals("/" + role);
            return right ? Optional.empty() : Optional.of(url.get() + " is not database " + role + " on a database server");
        });
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
