package io.tweestap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tweestap.e2e.k8s.ClusterSecrets;
import io.tweestap.e2e.k8s.Rendered;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The services as a rendered deploy/k8s overlay (kustomize) starts them: envFrom and env resolved
 * against the ConfigMaps of the same render and the Secrets the cluster will hold (the platform
 * team's documented ones, Strimzi's per KafkaUser, ...: their values are placeholders naming
 * Secret and key), volume mounts resolved to the keys they project.
 */
final class KubernetesDeployment {

    private final Rendered render;
    private final ClusterSecrets secrets;
    private final Map<String, Integer> addresses = new HashMap<>();

    private KubernetesDeployment(Rendered render) {
        this.render = render;
        this.secrets = ClusterSecrets.of(render);
        for (JsonNode service : render.kind("Service")) {
            String name = Rendered.name(service);
            String namespace = service.path("metadata").path("namespace").asText();
            int port = service.path("spec").path("ports").path(0).path("port").asInt();
            for (String host : List.of(name, name + "." + namespace, name + "." + namespace + ".svc",
                    name + "." + namespace + ".svc.cluster.local")) {
                addresses.put(host, port);
            }
        }
    }

    /** The services of deploy/k8s/overlays/{overlay}. */
    static Map<String, DeployedService> services(String overlay, Set<String> names) {
        KubernetesDeployment deployment = new KubernetesDeployment(Rendered.overlay(overlay));
        Map<String, DeployedService> services = new LinkedHashMap<>();
        for (String name : names) {
            JsonNode resource = deployment.render.find("Deployment", name).orElse(null);
            assertThat(resource).as("deploy/k8s/overlays/" + overlay + " has no Deployment " + name).isNotNull();
            JsonNode pod = resource.path("spec").path("template").path("spec");
            JsonNode container = pod.path("containers").path(0);
            services.put(name, new DeployedService(name, deployment.env(container), deployment.files(pod, container),
                    deployment.addresses));
        }
        return services;
    }

    private Map<String, String> env(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                env.putAll(configMap(from.path("configMapRef").path("name").asText()));
            } else if (from.has("secretRef")) {
                env.putAll(secrets.values(from.path("secretRef").path("name").asText()));
            }
        }
        for (JsonNode variable : container.path("env")) {
            String name = variable.path("name").asText();
            JsonNode valueFrom = variable.path("valueFrom");
            String value = null;
            if (variable.has("value")) {
                value = variable.path("value").asText();
            } else if (valueFrom.has("configMapKeyRef")) {
                value = configMap(valueFrom.path("configMapKeyRef").path("name").asText())
                        .get(valueFrom.path("configMapKeyRef").path("key").asText());
            } else if (valueFrom.has("secretKeyRef")) {
                value = secrets.values(valueFrom.path("secretKeyRef").path("name").asText())
                        .get(valueFrom.path("secretKeyRef").path("key").asText());
            }
            if (value != null) {
                env.put(name, value);
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
        Set<String> available = isConfigMap ? configMap(ref.path("name").asText()).keySet()
                : secrets.values(ref.path("secretName").asText(ref.path("name").asText())).keySet();
        Set<String> keys = new HashSet<>();
        if (ref.has("items")) {
            ref.path("items").forEach(item -> {
                if (available.contains(item.path("key").asText())) {
                    keys.add(item.path("path").asText());
                }
            });
        } else {
            keys.addAll(available);
        }
        return keys;
    }

    private Map<String, String> configMap(String name) {
        Map<String, String> data = new HashMap<>();
        render.find("ConfigMap", name).ifPresent(map ->
                map.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText())));
        return data;
    }
}
