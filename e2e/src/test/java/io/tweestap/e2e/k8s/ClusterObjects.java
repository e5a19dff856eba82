package io.tweestap.e2e.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything a render's references may point at once applied: its own ConfigMaps, Secrets and
 * Services; the Secrets the platform team creates (documented in deploy/k8s/README.md); and the
 * Secrets, Services and pods Strimzi and CloudNativePG make for the render's custom resources, as
 * those operators name them.
 */
public final class ClusterObjects {

    /** Strimzi's name for the Service port of a listener. */
    static String strimziPort(String listener) {
        return "tcp-" + listener;
    }

    final Map<String, Set<String>> configMaps = new HashMap<>();
    final Map<String, Set<String>> secrets = new HashMap<>();
    final Map<String, String> secretOrigin = new HashMap<>();
    /** Service name to its ports (by name, and the unnamed ones under their number). */
    final Map<String, Map<String, Integer>> services = new HashMap<>();
    final Map<String, PodShape> pods = new LinkedHashMap<>();

    public static ClusterObjects of(Rendered rendered) {
        ClusterObjects objects = new ClusterObjects();
        DocumentedSecrets.read().forEach((name, keys) -> objects.secret(name, keys, "deploy/k8s/README.md"));
        for (JsonNode r : rendered.resources()) {
            String name = Rendered.name(r);
            switch (r.path("kind").asText()) {
                case "ConfigMap" -> objects.configMaps.put(name, keys(r));
                case "Secret" -> objects.secret(name, keys(r), "the render");
                case "Service" -> objects.services.put(name, servicePorts(r));
                case "Deployment" -> objects.pods.put(name, deploymentPod(r));
                case "KafkaUser" -> objects.secret(name, Set.of("password", "sasl.jaas.config"), "Strimzi (KafkaUser)");
                case "Kafka" -> objects.kafka(rendered, r);
                case "Cluster" -> objects.postgres(r);
                case "Pooler" -> objects.pooler(r);
                default -> { }
            }
        }
        return objects;
    }

    private void secret(String name, Set<String> keys, String origin) {
        secrets.put(name, keys);
        secretOrigin.put(name, origin);
    }

    private void kafka(Rendered rendered, JsonNode kafka) {
        String cluster = Rendered.name(kafka);
        String namespace = kafka.path("metadata").path("namespace").asText();
        for (String ca : List.of("-cluster-ca-cert", "-clients-ca-cert")) {
            secret(cluster + ca, Set.of("ca.crt", "ca.p12", "ca.password"), "Strimzi (Kafka)");
        }
        Map<String, Integer> listeners = new HashMap<>();
        for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
            listeners.put(strimziPort(listener.path("name").asText()), listener.path("port").asInt());
        }
        services.put(cluster + "-kafka-bootstrap", listeners);
        for (JsonNode pool : rendered.kind("KafkaNodePool")) {
            if (!cluster.equals(pool.path("metadata").path("labels").path("strimzi.io/cluster").asText())) {
                continue;
            }
            Set<String> roles = new TreeSet<>();
            pool.path("spec").path("roles").forEach(role -> roles.add(role.asText()));
            Map<String, Integer> ports = new HashMap<>(Map.of("tcp-ctrlplane", 9090, "tcp-replication", 9091));
            if (roles.contains("broker")) {
                ports.putAll(listeners);
            }
            Map<String, String> labels = Map.of("strimzi.io/cluster", cluster, "strimzi.io/kind", "Kafka",
                    "strimzi.io/name", cluster + "-kafka", "strimzi.io/pool-name", Rendered.name(pool),
                    "strimzi.io/broker-role", String.valueOf(roles.contains("broker")),
                    "strimzi.io/controller-role", String.valueOf(roles.contains("controller")));
            pods.put("kafka " + Rendered.name(pool), PodShape.inNamespace("kafka " + Rendered.name(pool), namespace, labels, ports));
        }
        if (!kafka.path("spec").path("entityOperator").isMissingNode()) {
            pods.put("kafka entity operator", PodShape.inNamespace("kafka entity operator", namespace, Map.of(
                    "strimzi.io/cluster", cluster, "strimzi.io/kind", "Kafka", "strimzi.io/name", cluster + "-entity-operator"),
                    Map.of()));
        }
    }

    private void postgres(JsonNode cluster) {
        String name = Rendered.name(cluster);
        String namespace = cluster.path("metadata").path("namespace").asText();
        secret(name + "-ca", Set.of("ca.crt", "ca.key"), "CloudNativePG (Cluster)");
        if (cluster.path("spec").path("bootstrap").path("initdb").path("secret").isMissingNode()) {
            secret(name + "-app", Set.of("username", "password", "uri", "jdbc-uri", "host", "port", "dbname"),
                    "CloudNativePG (Cluster)");
        }
        for (String suffix : List.of("-rw", "-ro", "-r")) {
            services.put(name + suffix, Map.of("postgres", 5432, "5432", 5432));
        }
        pods.put("postgres " + name, PodShape.inNamespace("postgres " + name, namespace,
                Map.of("cnpg.io/cluster", name, "cnpg.io/podRole", "instance", "cnpg.io/instanceRole", "primary"),
                Map.of("postgresql", 5432, "metrics", 9187, "status", 8000)));
    }

    private void pooler(JsonNode pooler) {
        String name = Rendered.name(pooler);
        String namespace = pooler.path("metadata").path("namespace").asText();
        services.put(name, Map.of("pgbouncer", 5432, "5432", 5432));
        // whether CloudNativePG also puts cnpg.io/cluster on pooler pods differs between versions: assume it does
        pods.put("pooler " + name, PodShape.inNamespace("pooler " + name, namespace, Map.of("cnpg.io/poolerName", name,
                "cnpg.io/podRole", "pooler", "cnpg.io/cluster", pooler.path("spec").path("cluster").path("name").asText()),
                Map.of("pgbouncer", 5432, "metrics", 9127)));
    }

    private static PodShape deploymentPod(JsonNode deployment) {
        JsonNode template = deployment.path("spec").path("template");
        Map<String, Integer> ports = new HashMap<>();
        for (JsonNode container : template.path("spec").path("containers")) {
            for (JsonNode port : container.path("ports")) {
                ports.put(port.path("name").asText(String.valueOf(port.path("containerPort").asInt())),
                        port.path("containerPort").asInt());
            }
        }
        return PodShape.inNamespace(Rendered.name(deployment), deployment.path("metadata").path("namespace").asText(),
                Rendered.strings(template.path("metadata").path("labels")), ports);
    }

    private static Map<String, Integer> servicePorts(JsonNode service) {
        Map<String, Integer> ports = new HashMap<>();
        for (JsonNode port : service.path("spec").path("ports")) {
            ports.put(String.valueOf(port.path("port").asInt()), port.path("port").asInt());
            if (port.has("name")) {
                ports.put(port.path("name").asText(), port.path("port").asInt());
            }
        }
        return ports;
    }

    private static Set<String> keys(JsonNode resource) {
        Set<String> keys = new TreeSet<>();
        for (String field : List.of("data", "stringData", "binaryData")) {
            resource.path(field).fieldNames().forEachRemaining(keys::add);
        }
        return keys;
    }
}
