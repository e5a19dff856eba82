package io.tweestap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The services run with the same JVM options wherever they run (decision 0101): those of
 * deploy/service-jvm.options, which the local platform and e2e read through deploy/local/service-jvm.
 * An image takes the garbage collector from GC_CONTAINER_OPTIONS (the ubi9 OpenJDK image's
 * run-java.sh puts it in place of its default -XX:+UseParallelGC; two collectors and the JVM would
 * not start) and the rest from JAVA_OPTS_APPEND, which docker-compose.yml and deploy/k8s replace
 * with their own: each of them must carry the options again.
 */
class ServiceJvmOptionsTest {

    private static final Path ROOT = DeployedService.ROOT;
    private static final List<String> SERVICES = List.of("enrollment-service", "challenge-service",
            "notification-service", "sms-service");
    private static final Pattern ENV = Pattern.compile("^ENV (\\w+)=\"(.*)\"$", Pattern.MULTILINE);

    @Test
    void everyImageStartsWithThem() throws IOException {
        for (String service : SERVICES) {
            Path dockerfile = ROOT.resolve(service + "/src/main/docker/Dockerfile.jvm");
            Map<String, String> env = new LinkedHashMap<>();
            Matcher m = ENV.matcher(Files.readString(dockerfile));
            while (m.find()) {
                env.put(m.group(1), m.group(2));
            }
            assertThat(words(env.get("GC_CONTAINER_OPTIONS"))).as(dockerfile + " GC_CONTAINER_OPTIONS").isEqualTo(collector());
            assertThat(words(env.get("JAVA_OPTS_APPEND"))).as(dockerfile + " JAVA_OPTS_APPEND").containsAll(others());
        }
    }

    @Test
    void theJavaBaseBuiltWhereNoRegistryIsReachableHonoursTheCollectorChoice() throws IOException {
        // deploy/compose/stack's stand-in for the ubi9 image must read GC_CONTAINER_OPTIONS the same way
        assertThat(Files.readString(ROOT.resolve("deploy/compose/images/java/run-java.sh"))).contains("GC_CONTAINER_OPTIONS");
    }

    @Test
    void composeStartsEveryServiceWithThem() throws Exception {
        check(ComposeDeployment.services(DeployWiringTest.COMPOSE_SECRETS, DeployWiringTest.NEEDS.keySet()), "docker-compose.yml");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kubernetesStartsEveryServiceWithThem(String overlay) {
        check(KubernetesDeployment.services(overlay, DeployWiringTest.NEEDS.keySet()), "deploy/k8s/overlays/" + overlay);
    }

    private static void check(Map<String, DeployedService> services, String where) {
        services.forEach((name, service) -> {
            // unset, the image's own (checked above) applies
            String collector = service.env().get("GC_CONTAINER_OPTIONS");
            if (collector != null) {
                assertThat(words(collector)).as(where + " " + name + " GC_CONTAINER_OPTIONS").isEqualTo(collector());
            }
            assertThat(words(service.env().get("JAVA_OPTS_APPEND"))).as(where + " " + name + " JAVA_OPTS_APPEND")
                    .containsAll(others()).noneMatch(ServiceJvmOptionsTest::isCollector);
        });
    }

    /** deploy/service-jvm.options: options a line or several, # comments. */
    static List<String> shared() {
        try {
            return Files.readAllLines(ROOT.resolve("deploy/service-jvm.options")).stream()
                    .map(line -> line.replaceFirst("#.*", ""))
                    .flatMap(line -> words(line).stream())
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> collector() {
        return shared().stream().filter(ServiceJvmOptionsTest::isCollector).toList();
    }

    private static List<String> others() {
        return shared().stream().filter(o -> !isCollector(o)).toList();
    }

    private static boolean isCollector(String option) {
        return option.matches("-XX:\\+Use\\w*GC");
    }

    private static List<String> words(String options) {
        return options == null || options.isBlank() ? List.of() : Arrays.asList(options.trim().split("\\s+"));
    }
}
