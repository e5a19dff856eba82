package io.tweestap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tweestap.e2e.k8s.KubernetesManifests;
import io.tweestap.e2e.k8s.Rendered;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checks of KubernetesManifestsTest fail where they should: a kustomization with a misspelt
 * field and a dangling Secret (src/test/resources/k8s-bad-fixture, rendered by kustomize like the
 * real overlays), and copies of the prod render each broken in one place.
 */
class KubernetesManifestsCheckTest {

    @Test
    void aBadKustomizationFailsForItsMisspeltFieldAndItsDanglingSecret() {
        Rendered bad = Rendered.of("k8s-bad-fixture", Rendered.ROOT.resolve("e2e/src/test/resources/k8s-bad-fixture"));
        assertThat(KubernetesManifests.problems(bad)).containsExactlyInAnyOrder(
                "Deployment/sms-service.spec.template.spec.containers[0]: unknown field(s) [readinesProbe]",
                "Deployment/sms-service container sms-service env QUARKUS_DATASOURCE_PASSWORD: Secret sms-database will not"
                        + " exist (neither rendered, made by an operator, nor documented in deploy/k8s/README.md \"Secrets\")",
                "Deployment/sms-service: reads its database password from Secret sms-database, but role sms is managed with sms-db");
    }

    static Stream<Arguments> breakages() {
        return Stream.of(
                broken("a Kubernetes field misspelt", "Deployment", "enrollment-service",
                        d -> rename(d.at("/spec/template/spec/containers/0"), "resources", "resource"),
                        "Deployment/enrollment-service.spec.template.spec.containers[0]: unknown field(s) [resource]"),
                broken("a Strimzi field misspelt", "Kafka", "tweestap-kafka",
                        k -> rename(k.at("/spec/kafka"), "authorization", "authorisation"),
                        "Kafka/tweestap-kafka.spec.kafka: unknown field(s) [authorisation]"),
                broken("a Strimzi value of the wrong type", "KafkaNodePool", "brokers",
                        p -> ((ObjectNode) p.path("spec")).put("replicas", "three"), "KafkaNodePool/brokers: not a valid KafkaNodePool"),
                broken("a CloudNativePG field misspelt", "Cluster", "tweestap-db",
                        c -> rename(c.at("/spec/managed/roles/1"), "passwordSecret", "passwdSecret"),
                        "Cluster/tweestap-db.spec.managed.roles[1].passwdSecret: unknown field (RoleConfiguration has no passwdSecret)"),
                broken("a CloudNativePG value of the wrong type deep in the schema", "Cluster", "tweestap-db",
                        c -> ((ObjectNode) c.at("/spec")).putObject("replicationSlots").putObject("highAvailability")
                                .put("enabled", "yes"),
                        "Cluster/tweestap-db.spec.replicationSlots.highAvailability.enabled: \"yes\" is not a boolean"),
                broken("a CloudNativePG enum value", "Pooler", "tweestap-db-pooler-ro",
                        p -> ((ObjectNode) p.at("/spec/pgbouncer")).put("poolMode", "statement"),
                        "Pooler/tweestap-db-pooler-ro.spec.pgbouncer.poolMode: statement is not one of"),
                broken("a ConfigMap key that does not exist", "Deployment", "challenge-service",
                        d -> ((ArrayNode) d.at("/spec/template/spec/containers/0/env")).addObject().put("name", "X")
                                .putObject("valueFrom").putObject("configMapKeyRef").put("name", "tweestap-common").put("key", "NOPE"),
                        "ConfigMap tweestap-common has no key NOPE"),
                broken("a probe on a port the container lacks", "Deployment", "notification-service",
                        d -> ((ObjectNode) d.at("/spec/template/spec/containers/0/livenessProbe/httpGet")).put("port", "management"),
                        "livenessProbe: port management is none of the container's"),
                broken("an Ingress backend that does not exist", "Ingress", "tweestap",
                        i -> ((ObjectNode) i.at("/spec/rules/0/http/paths/0/backend/service")).put("name", "wizard"),
                        "backend Service wizard does not exist"),
                broken("the web app the QR code opens not routed", "Ingress", "tweestap",
                        i -> ((ArrayNode) i.at("/spec/rules/0/http/paths")).remove(1),
                        "Ingress: enrollment-service /app is not routed"),
                broken("health and metrics opened to the outside", "Ingress", "tweestap",
                        i -> ((ObjectNode) i.at("/spec/rules/1/http/paths/0")).put("path", "/"),
                        "challenge.tweestap.example.com/: opens /q (health, metrics, OpenAPI) of challenge-service"),
                broken("a Service selecting no pod", "Service", "sms-service",
                        s -> ((ObjectNode) s.at("/spec/selector")).put("app.kubernetes.io/name", "sms"), "Service/sms-service: its selector"),
                broken("a datasource on another service's database", "ConfigMap", "sms-service-config",
                        c -> ((ObjectNode) c.path("data")).put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://tweestap-db-rw:5432/challenge"),
                        "Deployment/sms-service: no Database challenge owned by its role sms"),
                broken("the Kafka CA not mounted where the clients look", "Deployment", "notification-service",
                        d -> ((ObjectNode) d.at("/spec/template/spec/volumes/1/secret/items/0")).put("path", "cluster-ca.crt"),
                        "Deployment/notification-service: its Kafka clients do not trust the listener"),
                broken("a NetworkPolicy selecting no pod", "NetworkPolicy", "challenge-service-egress",
                        n -> ((ObjectNode) n.at("/spec/podSelector/matchLabels")).put("app.kubernetes.io/name", "challenge"),
                        "NetworkPolicy/challenge-service-egress: its podSelector {app.kubernetes.io/name=challenge} matches no pod"),
                broken("a REST client's path closed", "NetworkPolicy", "enrollment-service-egress",
                        n -> ((ObjectNode) n.path("spec")).putArray("egress"),
                        "closed, but needed: enrollment-service -> challenge-service:8082/TCP"),
                broken("the services opened to every pod", "NetworkPolicy", "services-from-ingress-and-prometheus",
                        n -> ((ObjectNode) n.at("/spec/ingress/0")).remove("from"),
                        "open, but not a path of the design: a pod of namespace default -> enrollment-service:8081"),
                broken("the internet opened to a service that calls no provider", "NetworkPolicy", "sms-service-to-vonage",
                        n -> ((ObjectNode) n.at("/spec/podSelector/matchLabels")).remove("app.kubernetes.io/name"),
                        "open, but not a path of the design: enrollment-service -> a public address:443"),
                broken("a KafkaUser allowed more than its service does", "KafkaUser", "sms-service",
                        u -> ((ArrayNode) u.at("/spec/authorization/acls")).addObject().put("host", "*").putArray("operations").add("Read")
                                .add("Write"),
                        "KafkaUser/sms-service: grants more than the service does"),
                broken("a KafkaUser missing a consumer group", "KafkaUser", "challenge-service",
                        u -> ((ArrayNode) u.at("/spec/authorization/acls")).remove(5),
                        "KafkaUser/challenge-service: grants more than the service does [], lacks [READ GROUP challenge-service LITERAL]"),
                broken("a KafkaTopic of another cluster", "KafkaTopic", "mfa.sms.events.v1",
                        t -> ((ObjectNode) t.at("/metadata/labels")).put("strimzi.io/cluster", "kafka"),
                        "KafkaTopic/mfa.sms.events.v1: belongs to Kafka \"kafka\", which the render does not have"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakages")
    void aBrokenCopyOfTheProdRenderFails(String what, String kind, String name, Consumer<ObjectNode> breakage, String expected) {
        Rendered prod = Rendered.overlay("prod"); // without problems: KubernetesManifestsTest
        List<JsonNode> resources = new ArrayList<>();
        boolean broke = false;
        for (JsonNode resource : prod.resources()) {
            if (resource.path("kind").asText().equals(kind) && Rendered.name(resource).equals(name)) {
                breakage.accept((ObjectNode) resource);
                broke = true;
            }
            resources.add(resource);
        }
        assertThat(broke).as("the render has " + kind + "/" + name).isTrue();
        assertThat(KubernetesManifests.problems(new Rendered(what, resources))).anySatisfy(p -> assertThat(p).contains(expected));
    }

    private static Arguments broken(String what, String kind, String name, Consumer<ObjectNode> breakage, String expected) {
        return Arguments.of(what, kind, name, breakage, expected);
    }

    private static void rename(JsonNode object, String from, String to) {
        ObjectNode node = (ObjectNode) object;
        node.set(to, node.remove(from));
    }
}
