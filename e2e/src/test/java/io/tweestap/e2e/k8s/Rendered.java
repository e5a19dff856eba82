package io.tweestap.e2e.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The resources one kustomization renders to, with the look-ups the checks share. */
public record Rendered(String label, List<JsonNode> resources) {

    public static final Path ROOT = Path.of(System.getProperty("tweestap.root", "..")).toAbsolutePath().normalize();

    /** deploy/k8s/overlays/{name}, rendered by kustomize. */
    public static Rendered overlay(String name) {
        return of("overlays/" + name, ROOT.resolve("deploy/k8s/overlays/" + name));
    }

    public static Rendered of(String label, Path directory) {
        return new Rendered(label, KustomizeRender.of(directory));
    }

    public List<JsonNode> kind(String kind) {
        return resources.stream().filter(r -> r.path("kind").asText().equals(kind)).toList();
    }

    public Optional<JsonNode> find(String kind, String name) {
        return kind(kind).stream().filter(r -> name(r).equals(name)).findFirst();
    }

    public static String name(JsonNode resource) {
        return resource.path("metadata").path("name").asText();
    }

    /** "Kind/name", how problems name a resource. */
    public static String id(JsonNode resource) {
        return resource.path("kind").asText() + "/" + name(resource);
    }

    @Override
    public String toString() {
        return label;
    }

    /** A label map (metadata.labels, matchLabels, ...) as a Java map. */
    public static Map<String, String> strings(JsonNode map) {
        Map<String, String> result = new TreeMap<>();
        map.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
        return result;
    }
}
