package io.tweestap.e2e.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The references into and between the operators' resources: each Strimzi resource names a Kafka of
 * the render (label strimzi.io/cluster), each CloudNativePG one a Cluster; the Secrets they read
 * exist; every Database's owner is a role of its Cluster; and each service's datasource reaches the
 * Cluster's primary, opens the database its role owns, with the password Secret that role is
 * managed with, and its Kafka bootstrap is a SCRAM listener of the Kafka whose cluster CA its
 * clients trust (mounted where JAVA_OPTS_APPEND's kafka.ssl.truststore.location points).
 */
public final class OperatorReferences {

    private static final Pattern TRUSTSTORE = Pattern.compile("-Dkafka\\.ssl\\.truststore\\.location=(\\S+)");

    private final Rendered rendered;
    private final ClusterObjects objects;
    private final List<String> problems = new ArrayList<>();

    private OperatorReferences(Rendered rendered) {
        this.rendered = rendered;
        this.objects = ClusterObjects.of(rendered);
    }

    public static List<String> problems(Rendered rendered) {
        OperatorReferences check = new OperatorReferences(rendered);
        for (String kind : List.of("KafkaNodePool", "KafkaTopic", "KafkaUser")) {
            rendered.kind(kind).forEach(r -> check.names(Rendered.id(r), "Kafka",
                    r.path("metadata").path("labels").path("strimzi.io/cluster").asText()));
        }
        for (String kind : List.of("Database", "Pooler", "ScheduledBackup")) {
            rendered.kind(kind).forEach(r -> check.names(Rendered.id(r), "Cluster", r.path("spec").path("cluster").path("name").asText()));
        }
        rendered.kind("Cluster").forEach(check::cluster);
        rendered.kind("Deployment").forEach(check::datasource);
        return check.problems;
    }

    private void names(String id, String kind, String name) {
        if (rendered.find(kind, name).isEmpty()) {
            problems.add(id + ": belongs to " + kind + " \"" + name + "\", which the render does not have");
        }
    }

    private void cluster(JsonNode cluster) {
        String id = Rendered.id(cluster);
        JsonNode spec = cluster.path("spec");
        secret(id + " bootstrap.initdb.secret", spec.path("bootstrap").path("initdb").path("secret").path("name"),
                "username", "password");
        for (JsonNode role : spec.path("managed").path("roles")) {
            secret(id + " managed role " + role.path("name").asText(), role.path("passwordSecret").path("name"),
                    "username", "password");
        }
        JsonNode s3 = spec.path("backup").path("barmanObjectStore").path("s3Credentials");
        for (String credential : List.of("accessKeyId", "secretAccessKey")) {
            if (s3.has(credential)) {
                secret(id + " backup " + credential, s3.path(credential).path("name"), s3.path(credential).path("key").asText());
            }
        }
        for (JsonNode database : rendered.kind("Database")) {
            String owner = database.path("spec").path("owner").asText();
            if (database.path("spec").path("cluster").path("name").asText().equals(Rendered.name(cluster))
                    && !roles(cluster).containsKey(owner)) {
                problems.add(Rendered.id(database) + ": owner " + owner + " is no role of " + id);
            }
        }
    }

    private void secret(String at, JsonNode name, String... keys) {
        if (name.isMissingNode()) {
            return;
        }
        Set<String> known = objects.secrets.get(name.asText());
        if (known == null) {
            problems.add(at + ": Secret " + name.asText() + " will not exist (not documented in deploy/k8s/README.md \"Secrets\")");
            return;
        }
        for (String key : keys) {
            if (!known.contains(key)) {
                problems.add(at + ": Secret " + name.asText() + " has no key " + key);
            }
        }
    }

    /** Role name to the Secret with its password: the managed roles and initdb's owner. */
    private static Map<String, String> roles(JsonNode cluster) {
        Map<String, String> roles = new HashMap<>();
        JsonNode initdb = cluster.path("spec").path("bootstrap").path("initdb");
        if (initdb.has("owner")) {
            roles.put(initdb.path("owner").asText(), initdb.path("secret").path("name").asText());
        }
        cluster.path("spec").path("managed").path("roles").forEach(role ->
                roles.put(role.path("name").asText(), role.path("passwordSecret").path("name").asText()));
        return roles;
    }

    private void datasource(JsonNode deployment) {
        String id = Rendered.id(deployment);
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").path(0);
        Map<String, String> env = plainEnv(container);
        String jdbc = env.get("QUARKUS_DATASOURCE_JDBC_URL");
        String user = env.get("QUARKUS_DATASOURCE_USERNAME");
        if (jdbc != null && user != null) {
            URI uri = URI.create(jdbc.replaceFirst("^jdbc:", ""));
            String database = uri.getPath().substring(1);
            JsonNode cluster = rendered.kind("Cluster").stream()
                    .filter(c -> uri.getHost().equals(Rendered.name(c) + "-rw")).findFirst().orElse(null);
            if (cluster == null || uri.getPort() != 5432) {
                problems.add(id + ": datasource " + jdbc + " is not the primary (<Cluster>-rw:5432) of a Cluster");
                return;
            }
            boolean owned = rendered.kind("Database").stream().anyMatch(d -> d.path("spec").path("name").asText().equals(database)
                    && d.path("spec").path("owner").asText().equals(user));
            if (!owned) {
                problems.add(id + ": no Database " + database + " owned by its role " + user);
            }
            String passwordSecret = secretOf(container, "QUARKUS_DATASOURCE_PASSWORD");
            if (!roles(cluster).getOrDefault(user, "").equals(passwordSecret)) {
                problems.add(id + ": reads its database password from Secret " + passwordSecret + ", but role " + user
                        + " is managed with " + roles(cluster).get(user));
            }
        }
        String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrap != null && rendered.kind("Kafka").stream().noneMatch(k -> listens(k, bootstrap))) {
            problems.add(id + ": KAFKA_BOOTSTRAP_SERVERS " + bootstrap + " is no listener of a Kafka of the render");
        }
        Matcher truststore = TRUSTSTORE.matcher(env.getOrDefault("JAVA_OPTS_APPEND", ""));
        if (bootstrap != null && (!truststore.find() || !mountsClusterCa(deployment, truststore.group(1)))) {
            problems.add(id + ": its Kafka clients do not trust the listener: JAVA_OPTS_APPEND needs"
                    + " -Dkafka.ssl.truststore.location=<file> and that file mounted from <Kafka>-cluster-ca-cert (ca.crt)");
        }
    }

    /** Whether {@code file} is ca.crt of a Kafka's cluster CA Secret, mounted into the pod's first container. */
    private boolean mountsClusterCa(JsonNode deployment, String file) {
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        int slash = file.lastIndexOf('/');
        for (JsonNode mount : pod.path("containers").path(0).path("volumeMounts")) {
            if (!mount.path("mountPath").asText().equals(file.substring(0, slash))) {
                continue;
            }
            for (JsonNode volume : pod.path("volumes")) {
                JsonNode secret = volume.path("secret");
                boolean clusterCa = rendered.kind("Kafka").stream()
                        .anyMatch(k -> secret.path("secretName").asText().equals(Rendered.name(k) + "-cluster-ca-cert"));
                if (volume.path("name").asText().equals(mount.path("name").asText()) && clusterCa) {
                    for (JsonNode item : secret.path("items")) {
                        if (item.path("key").asText().equals("ca.crt") && item.path("path").asText().equals(file.substring(slash + 1))) {
                            return true;
                        }
                    }
                    return !secret.has("items") && file.endsWith("/ca.crt");
                }
            }
        }
        return false;
    }

    private boolean listens(JsonNode kafka, String bootstrap) {
        String host = Rendered.name(kafka) + "-kafka-bootstrap";
        for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
            if (bootstrap.equals(host + ":" + listener.path("port").asInt())
                    && listener.path("authentication").path("type").asText().equals("scram-sha-512")) {
                return true;
            }
        }
        return false;
    }

    /** env and the ConfigMaps of envFrom, plain values only. */
    private Map<String, String> plainEnv(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            rendered.find("ConfigMap", from.path("configMapRef").path("name").asText()).ifPresent(map ->
                    map.path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText())));
        }
        container.path("env").forEach(e -> {
            if (e.has("value")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            }
        });
        return env;
    }

    private static String secretOf(JsonNode container, String variable) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(variable)) {
                return e.path("valueFrom").path("secretKeyRef").path("name").asText();
            }
        }
        return "";
    }
}
