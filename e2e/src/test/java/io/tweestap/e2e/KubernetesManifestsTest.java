package io.tweestap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tweestap.e2e.k8s.KubernetesManifests;
import io.tweestap.e2e.k8s.Rendered;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/k8s as kustomize renders it for each way of running it: every resource valid against its
 * typed model, every reference resolved, the network paths of the design open and no others, the
 * Kafka ACLs those of the services' topics (io.tweestap.e2e.k8s.KubernetesManifests); and the sizes
 * each overlay promises. Nothing here applies the manifests to a cluster.
 */
class KubernetesManifestsTest {

    /** Measured resident memory of a service after the sign-in benchmark (README "Figures"): up to 435 MB. */
    private static final long MEASURED_RESIDENT_BYTES = 435L * 1000 * 1000;

    static Stream<Rendered> renders() {
        return Stream.of(Rendered.of("base", Rendered.ROOT.resolve("deploy/k8s/base")), Rendered.overlay("dev"),
                Rendered.overlay("prod"), KubernetesManifests.prodWithBackups());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyRenderIsValidResolvedAndOpensOnlyTheDesignsPaths(Rendered rendered) {
        assertThat(KubernetesManifests.problems(rendered)).as(rendered.label()).isEmpty();
    }

    @Test
    void prodRunsKafkaAndPostgresqlRedundantlyAndEveryServiceOnSeveralNodes() {
        Rendered prod = Rendered.overlay("prod");
        assertThat(prod.kind("KafkaNodePool")).extracting(p -> Rendered.name(p) + " " + p.path("spec").path("roles")
                + " x" + p.path("spec").path("replicas").asInt())
                .containsExactlyInAnyOrder("controllers [\"controller\"] x3", "brokers [\"broker\"] x3");
        JsonNode config = prod.find("Kafka", "tweestap-kafka").orElseThrow().path("spec").path("kafka").path("config");
        assertThat(config.path("default.replication.factor").asInt()).isEqualTo(3);
        assertThat(config.path("min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(config.path("auto.create.topics.enable").asBoolean(true)).isFalse();
        assertThat(prod.kind("KafkaTopic")).hasSize(8).allSatisfy(topic -> {
            assertThat(topic.path("spec").path("replicas").asInt()).isEqualTo(3);
            assertThat(topic.path("spec").path("config").path("min.insync.replicas").asInt()).isEqualTo(2);
        });
        assertThat(prod.find("Cluster", "tweestap-db").orElseThrow().path("spec").path("instances").asInt()).isEqualTo(3);
        for (JsonNode deployment : prod.kind("Deployment")) {
            String name = Rendered.name(deployment);
            JsonNode spec = deployment.path("spec");
            assertThat(spec.path("replicas").asInt()).as(name).isGreaterThanOrEqualTo(2);
            assertThat(spec.path("strategy").path("rollingUpdate").path("maxUnavailable").asInt(-1)).as(name).isZero();
            assertThat(spec.path("strategy").path("rollingUpdate").path("maxSurge").asInt()).as(name).isEqualTo(1);
            assertThat(spec.path("template").path("spec").path("topologySpreadConstraints"))
                    .extracting(c -> c.path("topologyKey").asText())
                    .as(name).containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
            assertThat(prod.find("PodDisruptionBudget", name)).as(name).isPresent();
            JsonNode hpa = prod.find("HorizontalPodAutoscaler", name).orElseThrow();
            assertThat(hpa.path("spec").path("minReplicas").asInt()).as(name).isGreaterThanOrEqualTo(2);
            assertThat(hpa.path("spec").path("metrics").path(0).path("resource").path("name").asText()).isEqualTo("cpu");
        }
    }

    @Test
    void memoryLimitsHoldWhatTheServicesWereMeasuredToUseWithTheHeapCappedBelowIt() {
        Rendered prod = Rendered.overlay("prod");
        String javaOptions = prod.find("ConfigMap", "tweestap-common").orElseThrow().path("data").path("JAVA_OPTS_APPEND").asText();
        assertThat(javaOptions).contains("-XX:MaxRAMPercentage=50");
        for (JsonNode deployment : prod.kind("Deployment")) {
            JsonNode resources = deployment.at("/spec/template/spec/containers/0/resources");
            long limit = mebibytes(resources.path("limits").path("memory").asText());
            long request = mebibytes(resources.path("requests").path("memory").asText());
            assertThat(limit).as(Rendered.name(deployment)).isGreaterThan(MEASURED_RESIDENT_BYTES * 14 / 10);
            assertThat(request).as(Rendered.name(deployment)).isGreaterThan(MEASURED_RESIDENT_BYTES).isLessThanOrEqualTo(limit);
            assertThat(resources.path("requests").path("cpu").asText()).isNotEmpty();
        }
    }

    @Test
    void devRunsOneOfEverything() {
        Rendered dev = Rendered.overlay("dev");
        assertThat(dev.kind("Deployment")).hasSize(4).allSatisfy(d -> assertThat(d.path("spec").path("replicas").asInt()).isEqualTo(1));
        assertThat(dev.kind("HorizontalPodAutoscaler")).isEmpty();
        assertThat(dev.kind("PodDisruptionBudget")).isEmpty();
        List<JsonNode> pools = dev.kind("KafkaNodePool");
        assertThat(pools).hasSize(1);
        assertThat(pools.get(0).path("spec").path("roles").toString()).contains("controller", "broker");
        assertThat(pools.get(0).path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(dev.kind("KafkaTopic")).allSatisfy(t -> assertThat(t.path("spec").path("replicas").asInt()).isEqualTo(1));
        assertThat(dev.find("Cluster", "tweestap-db").orElseThrow().path("spec").path("instances").asInt()).isEqualTo(1);
        assertThat(dev.kind("Pooler")).isEmpty();
    }

    @Test
    void aRecordLeavesItsTopicBeforeTheInboxForgetsItsId() {
        // decision 0064: the inbox keeps ids 30 days and refuses a retention under 15 days; a record can be
        // read up to retention.ms + segment.ms after it was written
        for (JsonNode topic : Rendered.overlay("prod").kind("KafkaTopic")) {
            JsonNode config = topic.path("spec").path("config");
            long days = (config.path("retention.ms").asLong() + config.path("segment.ms").asLong()) / 86_400_000L;
            assertThat(days).as(Rendered.name(topic)).isPositive().isLessThan(15);
        }
    }

    private static long mebibytes(String quantity) {
        assertThat(quantity).endsWith("Mi");
        return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * 1024 * 1024;
    }
}
