package io.tweestap.e2e.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A kustomization rendered by the real kustomize: the standalone {@code kustomize build} where the
 * machine has it (Debian 13's package), else {@code kubectl kustomize} (deploy/local/test makes sure
 * one of them is there). Rendered once per directory and run.
 */
public final class KustomizeRender {

    private static final java.util.Map<Path, List<JsonNode>> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    private KustomizeRender() {
    }

    /** The resources of the kustomization in {@code directory}, in kustomize's order. */
    public static List<JsonNode> of(Path directory) {
        return RENDERED.computeIfAbsent(directory.toAbsolutePath().normalize(), KustomizeRender::render)
                .stream().map(KustomizeRender::copy).toList();
    }

    private static JsonNode copy(JsonNode node) {
        return node.deepCopy();
    }

    private static List<JsonNode> render(Path directory) {
        List<String> command = onPath("kustomize") ? List.of("kustomize", "build", directory.toString())
                : List.of("kubectl", "kustomize", directory.toString());
        try {
            Path errors = Files.createTempFile("kustomize", ".err");
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in 120 s");
            }
            String stderr = Files.readString(errors);
            Files.delete(errors);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + stderr);
            }
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
            try (YAMLParser parser = new YAMLFactory().createParser(output)) {
                return yaml.readValues(parser, JsonNode.class).readAll().stream().filter(r -> !r.isNull()).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command + " (deploy/local/test installs kustomize)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
