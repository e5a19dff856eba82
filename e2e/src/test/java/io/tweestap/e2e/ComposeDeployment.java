package io.tweestap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The services as docker-compose.yml starts them: `docker-compose config`, read like a container engine would. */
final class ComposeDeployment {

    private static final Path ROOT = DeployedService.ROOT;

    private ComposeDeployment() {
    }

    /**
     * @param secrets what whoever starts the file exports (compose refuses to start without them);
     *                no developer .env is read
     */
    static Map<String, DeployedService> services(Map<String, String> secrets, Set<String> names) throws Exception {
        JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(config(secrets));
        Map<String, Integer> addresses = new HashMap<>();
        for (String name : names) {
            // inside the compose network a service is reached by its name on its container port
            String port = new DeployedService(name, Map.of(), Set.of(), Map.of()).setting("quarkus.http.port").orElseThrow();
            addresses.put(name, Integer.valueOf(port));
        }
        Map<String, DeployedService> services = new LinkedHashMap<>();
        for (String name : names) {
            JsonNode service = config.path("services").path(name);
            assertThat(service.isMissingNode()).as("docker-compose.yml has no service " + name).isFalse();
            Map<String, String> env = new HashMap<>();
            service.path("environment").fields()
                    .forEachRemaining(e -> env.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
            Set<String> files = new HashSet<>();
            for (JsonNode volume : service.path("volumes")) {
                files.addAll(filesOf(volume.asText()));
            }
            services.put(name, new DeployedService(name, env, files, addresses));
        }
        return services;
    }

    /** The container paths a bind mount ("source:target[:ro]") provides. */
    private static Set<String> filesOf(String volume) throws IOException {
        String[] parts = volume.split(":");
        Set<String> files = new HashSet<>();
        if (parts.length < 2 || !parts[0].startsWith("/")) {
            return files; // a named volume: data, no configuration
        }
        Path source = Path.of(parts[0]);
        String target = parts[1];
        Set<String> prepared = preparedFiles();
        if (Files.isDirectory(source)) {
            try (Stream<Path> listed = Files.list(source)) {
                listed.forEach(f -> files.add(target + "/" + f.getFileName()));
            }
            prepared.stream().filter(f -> Path.of(f).getParent().equals(source))
                    .forEach(f -> files.add(target + "/" + Path.of(f).getFileName()));
        } else if (Files.isRegularFile(source) || prepared.contains(source.toString())) {
            files.add(target);
        }
        return files;
    }

    /**
     * The key files deploy/local/platform prepare (deploy/local/lib/common.sh) writes into
     * deploy/compose/jwt and deploy/compose/vonage: gitignored, so a fresh checkout has them only after preparing.
     */
    private static Set<String> preparedFiles() throws IOException {
        String script = Files.readString(ROOT.resolve("deploy/local/lib/common.sh"));
        Matcher matcher = Pattern.compile("\\$TW_ROOT/(deploy/compose/(?:jwt|vonage)/[\\w.-]+\\.(?:pem|key))").matcher(script);
        Set<String> files = new HashSet<>();
        while (matcher.find()) {
            files.add(ROOT.resolve(matcher.group(1)).toString());
        }
        return files;
    }

    private static String config(Map<String, String> secrets) throws Exception {
        Path emptyEnv = Files.createTempFile("deploy-wiring-test", ".env");
        try {
            ProcessBuilder builder = new ProcessBuilder("docker-compose", "-f", ROOT.resolve("docker-compose.yml").toString(),
                    "--env-file", emptyEnv.toString(), "config").redirectErrorStream(false);
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
            secrets.keySet().forEach(builder.environment()::remove);
            builder.environment().keySet().removeIf(k -> k.startsWith("TWEESTAP_"));
            builder.environment().putAll(secrets);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            return output;
        } finally {
            Files.delete(emptyEnv);
        }
    }
}
