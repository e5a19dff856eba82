package io.tweestap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The services as the rendered deploy/k8s manifests (kubectl kustomize) start them: envFrom and env
 * resolved against the ConfigMaps and Secrets of the same render, volume mounts resolved to the keys
 * they project. A Secret that Strimzi's User Operator makes for a KafkaUser of the render counts as
 * present with its key "password".
 */
final class KubernetesDeployment {

    static final String STRIMZI_PASSWORD = "<password of the Strimzi KafkaUser>";

    private final Map<String, JsonNode> configMaps = new HashMap<>();
    private final Map<String, JsonNode> secrets = new HashMap<>();
    private final Set<String> kafkaUsers = new HashSet<>();
    private final Map<String, JsonNode> deployments = new HashMap<>();
    private final Map<String, Integer> addresses = new HashMap<>();

    private KubernetesDeployment(List<JsonNode> resources) {
        for (JsonNode resource : resources) {
            String name = resource.path("metadata").path("name").asText();
            String namespace = resource.path("metadata").path("namespace").asText();
            switch (resource.path("kind").asText()) {
                case "ConfigMap" -> configMaps.put(name, resource);
                case "Secret" -> secrets.put(name, resource);
                case "KafkaUser" -> kafkaUsers.add(name);
                case "Deployment" -> deployments.put(name, resource);
                case "Service" -> {
                    int port = resource.path("spec").path("ports").path(0).path("port").asInt();
                    for (String host : List.of(name, name + "." + namespace, name + "." + namespace + ".svc",
                            name + "." + namespace + ".svc.cluster.local")) {
                        addresses.put(host, port);
                    }
                }
                default -> { }
            }
        }
    }

    static Map<String, DeployedService> services(Set<String> names) throws Exception {
        KubernetesDeployment render = new KubernetesDeployment(render());
        Map<String, DeployedService> services = new LinkedHashMap<>();
        for (String name : names) {
            JsonNode deployment = render.deployments.get(name);
            assertThat(deployment).as("deploy/k8s has no Deployment " + name).isNotNull();
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            JsonNode container = pod.path("containers").path(0);
            services.put(name, new DeployedService(name, render.env(container), render.files(pod, container), render.addresses));
        }
        return services;
    }

    private Map<String, String> env(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                env.putAll(data(configMaps, from.path("configMapRef").path("name").asText()));
            } else if (from.has("secretRef")) {
                env.putAll(data(secrets, from.path("secretRef").path("name").asText()));
            }
        }
        for (JsonNode variable : container.path("env")) {
            String name = variable.path("name").asText();
            JsonNode valueFrom = variable.path("valueFrom");
            if (variable.has("value")) {
                env.put(name, variable.path("value").asText());
            } else if (valueFrom.has("configMapKeyRef")) {
                String value = data(configMaps, valueFrom.path("configMapKeyRef").path("name").asText())
                        .get(valueFrom.path("configMapKeyRef").path("key").asText());
                if (value != null) {
                    env.put(name, value);
                }
            } else if (valueFrom.has("secretKeyRef")) {
                String secret = valueFrom.path("secretKeyRef").path("name").asText();
                String key = valueFrom.path("secretKeyRef").path("key").asText();
                String value = kafkaUsers.contains(secret) && !secrets.containsKey(secret) && key.equals("password")
                        ? STRIMZI_PASSWORD : data(secrets, secret).get(key);
                if (value != null) {
                    env.put(name, value);
                }
            }
        }
        return env;
    }

    /** The container paths its volume mounts provide, from the keys of the ConfigMaps and Secrets behind them. */
    private Set<String> files(JsonNode pod, JsonNode container) {
        Map<String, Set<String>> volumes = new HashMap<>();
        for (JsonNode volume : pod.path("volumes")) {
            Set<String> keys = new HashSet<>();
            if (volume.has("projected")) {
                volume.path("projected").path("sources").forEach(source -> keys.addAll(keys(source)));
            } else {
                keys.addAll(keys(volume));
            }
            volumes.put(volume.path("name").asText(), keys);
        }
        Set<String> files = new HashSet<>();
        for (JsonNode mount : container.path("volumeMounts")) {
            Set<String> keys = volumes.getOrDefault(mount.path("name").asText(), Set.of());
            String path = mount.path("mountPath").asText();
            if (mount.has("subPath")) {
                if (keys.contains(mount.path("subPath").asText())) {
                    files.add(path);
                }
            } else {
                keys.forEach(key -> files.add(path + "/" + key));
            }
        }
        return files;
    }

    /** The file names a configMap or secret volume source projects (its items, else every key). */
    private Set<String> keys(JsonNode source) {
        boolean isConfigMap = source.has("configMap");
        JsonNode ref = isConfigMap ? source.path("configMap") : source.path("secret");
        if (ref.isMissingNode()) {
            return Set.of();
        }
        Map<String, String> data = isConfigMap ? data(configMaps, ref.path("name").asText())
                : data(secrets, ref.path("secretName").asText(ref.path("name").asText()));
        Set<String> keys = new HashSet<>();
        if (ref.has("items")) {
            ref.path("items").forEach(item -> {
                if (data.containsKey(item.path("key").asText())) {
                    keys.add(item.path("path").asText());
                }
            });
        } else {
            keys.addAll(data.keySet());
        }
        return keys;
    }

    private static Map<String, String> data(Map<String, JsonNode> resources, String name) {
        Map<String, String> data = new HashMap<>();
        JsonNode resource = resources.get(name);
        if (resource != null) {
            for (String field : List.of("data", "stringData")) {
                resource.path(field).fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
            }
        }
        return data;
    }

    private static List<JsonNode> render() throws Exception {
        Process process = new ProcessBuilder("kubectl", "kustomize", DeployedService.ROOT.resolve("deploy/k8s").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (YAMLParser parser = new YAMLFactory().createParser(output)) {
            return yaml.readValues(parser, JsonNode.class).readAll().stream().filter(r -> !r.isNull()).toList();
        }
    }
}
