package io.tweestap.e2e.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The references between Kubernetes' own resources of a render, each checked against what will
 * exist once applied (ClusterObjects): ConfigMaps, Secrets and their keys behind env, envFrom and
 * volumes; volume mounts; probe and Service ports; Service, PodDisruptionBudget and
 * HorizontalPodAutoscaler targets; Ingress backends and certificates.
 */
public final class WorkloadReferences {

    private final Rendered rendered;
    private final ClusterObjects objects;
    private final List<String> problems = new ArrayList<>();

    private WorkloadReferences(Rendered rendered) {
        this.rendered = rendered;
        this.objects = ClusterObjects.of(rendered);
    }

    public static List<String> problems(Rendered rendered) {
        WorkloadReferences check = new WorkloadReferences(rendered);
        rendered.kind("Deployment").forEach(check::deployment);
        rendered.kind("Service").forEach(check::service);
        rendered.kind("PodDisruptionBudget").forEach(pdb -> check.selectsPods(Rendered.id(pdb),
                pdb.path("spec").path("selector").path("matchLabels")));
        rendered.kind("HorizontalPodAutoscaler").forEach(check::autoscaler);
        rendered.kind("Ingress").forEach(check::ingress);
        return check.problems;
    }

    private void deployment(JsonNode deployment) {
        String id = Rendered.id(deployment);
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        Map<String, String> labels = Rendered.strings(deployment.path("spec").path("template").path("metadata").path("labels"));
        if (!labels.entrySet().containsAll(Rendered.strings(deployment.path("spec").path("selector").path("matchLabels")).entrySet())) {
            problems.add(id + ": its selector does not match its own pod template");
        }
        Set<String> volumes = new HashSet<>();
        for (JsonNode volume : pod.path("volumes")) {
            volumes.add(volume.path("name").asText());
            String at = id + " volume " + volume.path("name").asText();
            if (volume.has("projected")) {
                volume.path("projected").path("sources").forEach(source -> volumeSource(at, source));
            } else {
                volumeSource(at, volume);
            }
        }
        for (JsonNode container : pod.path("containers")) {
            String at = id + " container " + container.path("name").asText();
            Set<String> ports = new HashSet<>();
            container.path("ports").forEach(p -> {
                ports.add(p.path("name").asText());
                ports.add(String.valueOf(p.path("containerPort").asInt()));
            });
            for (JsonNode from : container.path("envFrom")) {
                if (from.has("configMapRef")) {
                    exists(at + " envFrom", "ConfigMap", from.path("configMapRef"), objects.configMaps, null);
                } else {
                    exists(at + " envFrom", "Secret", from.path("secretRef"), objects.secrets, null);
                }
            }
            for (JsonNode env : container.path("env")) {
                JsonNode from = env.path("valueFrom");
                String where = at + " env " + env.path("name").asText();
                if (from.has("configMapKeyRef")) {
                    exists(where, "ConfigMap", from.path("configMapKeyRef"), objects.configMaps, from.path("configMapKeyRef").path("key").asText());
                } else if (from.has("secretKeyRef")) {
                    exists(where, "Secret", from.path("secretKeyRef"), objects.secrets, from.path("secretKeyRef").path("key").asText());
                }
            }
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                JsonNode port = container.path(probe).path("httpGet").path("port");
                if (container.has(probe) && !ports.contains(port.asText())) {
                    problems.add(at + " " + probe + ": port " + port.asText() + " is none of the container's " + ports);
                }
            }
            for (JsonNode mount : container.path("volumeMounts")) {
                if (!volumes.contains(mount.path("name").asText())) {
                    problems.add(at + ": mounts volume " + mount.path("name").asText() + ", which the pod does not have");
                }
            }
        }
    }

    private void volumeSource(String at, JsonNode source) {
        if (source.has("configMap")) {
            JsonNode ref = source.path("configMap");
            ref.path("items").forEach(item -> exists(at, "ConfigMap", ref, objects.configMaps, item.path("key").asText()));
            exists(at, "ConfigMap", ref, objects.configMaps, null);
        } else if (source.has("secret")) {
            JsonNode ref = source.path("secret");
            JsonNode named = ref.has("secretName") ? ((com.fasterxml.jackson.databind.node.ObjectNode) ref.deepCopy())
                    .put("name", ref.path("secretName").asText()) : ref;
            named.path("items").forEach(item -> exists(at, "Secret", named, objects.secrets, item.path("key").asText()));
            exists(at, "Secret", named, objects.secrets, null);
        }
    }

    /** A named ConfigMap or Secret (and key, unless null) exists, unless the reference is optional. */
    private void exists(String at, String kind, JsonNode ref, Map<String, Set<String>> known, String key) {
        String name = ref.path("name").asText();
        if (ref.path("optional").asBoolean(false) && !known.containsKey(name)) {
            return;
        }
        if (!known.containsKey(name)) {
            problems.add(at + ": " + kind + " " + name + " will not exist (neither rendered, made by an operator, nor"
                    + (kind.equals("Secret") ? " documented in deploy/k8s/README.md \"Secrets\")" : " generated)"));
        } else if (key != null && !known.get(name).contains(key)) {
            problems.add(at + ": " + kind + " " + name + " has no key " + key + " (it has " + known.get(name) + ")");
        }
    }

    private void service(JsonNode service) {
        String id = Rendered.id(service);
        Map<String, String> selector = Rendered.strings(service.path("spec").path("selector"));
        List<PodShape> pods = objects.pods.values().stream().filter(p -> !selector.isEmpty() && p.matches(selector)).toList();
        if (pods.isEmpty()) {
            problems.add(id + ": its selector " + selector + " matches no pod");
        }
        for (JsonNode port : service.path("spec").path("ports")) {
            String target = port.path("targetPort").asText(String.valueOf(port.path("port").asInt()));
            pods.stream().filter(p -> !p.ports().containsKey(target) && !p.ports().containsValue(port.path("targetPort").asInt(-1)))
                    .forEach(p -> problems.add(id + ": targetPort " + target + " is not a port of " + p.name()));
        }
    }

    private void selectsPods(String id, JsonNode matchLabels) {
        Map<String, String> selector = Rendered.strings(matchLabels);
        if (selector.isEmpty() || objects.pods.values().stream().noneMatch(p -> p.matches(selector))) {
            problems.add(id + ": its selector " + selector + " matches no pod");
        }
    }

    private void autoscaler(JsonNode hpa) {
        JsonNode target = hpa.path("spec").path("scaleTargetRef");
        if (rendered.find(target.path("kind").asText(), target.path("name").asText()).isEmpty()) {
            problems.add(Rendered.id(hpa) + ": scales " + target.path("kind").asText() + "/" + target.path("name").asText()
                    + ", which the render does not have");
        }
    }

    private void ingress(JsonNode ingress) {
        String id = Rendered.id(ingress);
        for (JsonNode tls : ingress.path("spec").path("tls")) {
            exists(id + " tls", "Secret", tls.path("secretName").isMissingNode() ? tls
                    : new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("name", tls.path("secretName").asText()),
                    objects.secrets, "tls.crt");
        }
        for (JsonNode rule : ingress.path("spec").path("rules")) {
            for (JsonNode path : rule.path("http").path("paths")) {
                JsonNode backend = path.path("backend").path("service");
                String where = id + " " + rule.path("host").asText() + path.path("path").asText();
                Map<String, Integer> ports = objects.services.get(backend.path("name").asText());
                String port = backend.path("port").has("name") ? backend.path("port").path("name").asText()
                        : String.valueOf(backend.path("port").path("number").asInt());
                if (ports == null) {
                    problems.add(where + ": backend Service " + backend.path("name").asText() + " does not exist");
                } else if (!ports.containsKey(port)) {
                    problems.add(where + ": Service " + backend.path("name").asText() + " has no port " + port);
                }
            }
        }
    }
}
