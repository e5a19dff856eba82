package io.tweestap.e2e;

import io.tweestap.e2e.journey.PlatformToken;
import io.tweestap.e2e.journey.TweestapEndpoints;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * docker-compose.yml run in a container engine by {@code deploy/compose/stack} (decision 0074): a private
 * dockerd, every image built on this machine, compose up, every healthcheck waited for. The ports
 * compose publishes are free ones of this run (never the local platform's 8081-8084, 8089, 9092-9094 or
 * PostgreSQL's 5432), and the secrets compose asks for are fresh.
 */
final class ComposeStack {

    /** What a run may take: a cold one builds the Debian base and every image first. */
    private static final long UP_MINUTES = Long.getLong("tweestap.compose.up-minutes", 25);
    private static final List<String> PUBLISHED = List.of("ENROLLMENT", "CHALLENGE", "NOTIFICATION", "SMS",
            "POSTGRES", "KAFKA", "VONAGE_SANDBOX");

    private final Path root = DeployedService.ROOT;
    private final Path log = root.resolve("e2e/target/e2e-logs/compose-stack.log");
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private boolean startedTheEngine;

    ComposeStack() {
        SecureRandom random = new SecureRandom();
        for (String name : PUBLISHED) {
            ports.put(name, freePort());
            env.put("TWEESTAP_" + name + "_HOST_PORT", Integer.toString(ports.get(name)));
        }
        for (String svc : List.of("ENROLLMENT", "CHALLENGE", "NOTIFICATION")) {
            env.put("TWEESTAP_" + svc + "_PUBLIC_URL", "http://localhost:" + ports.get(svc));
        }
        for (String secret : List.of("TWEESTAP_ENROLLMENT_DB_PASSWORD", "TWEESTAP_CHALLENGE_DB_PASSWORD",
                "TWEESTAP_NOTIFICATION_DB_PASSWORD", "TWEESTAP_SMS_DB_PASSWORD", "POSTGRES_PASSWORD",
                "TWEESTAP_VONAGE_SIGNATURE_SECRET")) {
            env.put(secret, HexFormat.of().formatHex(bytes(random, 16)));
        }
        env.put("TWEESTAP_SMS_CODE_HMAC_KEY", Base64.getEncoder().encodeToString(bytes(random, 32)));
        env.put("TWEESTAP_COMPOSE_PROJECT", "tweestap-e2e");
    }

    /** dockerd, docker-compose and debootstrap here, and root to start the engine (or an engine given by DOCKER_HOST). */
    static String missingPrerequisite() {
        for (String tool : List.of("docker", "docker-compose", "debootstrap")) {
            if (!onPath(tool)) {
                return tool + " is not installed";
            }
        }
        if (System.getenv("DOCKER_HOST") == null && !onPath("dockerd")) {
            return "dockerd is not installed";
        }
        if (System.getenv("DOCKER_HOST") == null && !"0".equals(output("id", "-u").strip())) {
            return "starting dockerd needs root";
        }
        return null;
    }

    /** Engine, images, compose up and every healthcheck; the script's exit code (0: all healthy). */
    int up() {
        String engine = script("engine-start", 2);
        startedTheEngine = engine.contains("private engine started");
        return exitCode(engine) != 0 ? exitCode(engine) : exitCode(script("up", UP_MINUTES));
    }

    /** {@code stack wait}: one line per container, "name status health exit-code restarts=n". */
    String states() {
        return script("wait", 5);
    }

    /** The containers' logs kept in the log file, then containers, network and volumes removed; the engine stopped when this run started it. */
    String down() {
        script("logs", 2);
        String output = script("down", 3);
        if (startedTheEngine) {
            output += script("engine-stop", 2);
        }
        return output;
    }

    TweestapEndpoints endpoints() {
        return new TweestapEndpoints(url("ENROLLMENT"), url("CHALLENGE"), url("NOTIFICATION"), url("SMS"),
                URI.create("http://127.0.0.1:" + ports.get("VONAGE_SANDBOX")));
    }

    /** Tokens signed with the key the containers trust (deploy/compose/jwt, which `stack up` writes). */
    PlatformToken tokens() {
        return PlatformToken.fromPem(root.resolve("deploy/compose/jwt/private.pem"), PlatformToken.DEV_ISSUER);
    }

    Map<String, Integer> ports() {
        return ports;
    }

    Path log() {
        return log;
    }

    private URI url(String svc) {
        return URI.create("http://localhost:" + ports.get(svc));
    }

    /** Runs deploy/compose/stack; its output goes to the log and comes back, ending with "exit=<code>". */
    private String script(String command, long minutes) {
        try {
            Files.createDirectories(log.getParent());
            Path out = Files.createTempFile("compose-stack-", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("deploy/compose/stack").toString(), command)
                        .directory(root.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
                // a developer's own TWEESTAP_ settings must not change what this run publishes or uses
                builder.environment().keySet().removeIf(k -> k.startsWith("TWEESTAP_") && !k.equals("TWEESTAP_RUN_ID")
                        && !k.equals("TWEESTAP_ENGINE_DIR"));
                builder.environment().putAll(env);
                Process process = builder.start();
                int exit = process.waitFor(minutes, TimeUnit.MINUTES) ? process.exitValue() : timedOut(process);
                String output = Files.readString(out, StandardCharsets.UTF_8) + "exit=" + exit + "\n";
                Files.writeString(log, "$ deploy/compose/stack " + command + "\n" + output, StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                return output;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int exitCode(String output) {
        String last = output.strip().substring(output.strip().lastIndexOf('\n') + 1);
        return Integer.parseInt(last.substring("exit=".length()));
    }

    private static int timedOut(Process process) throws InterruptedException {
        process.destroy();
        process.waitFor(60, TimeUnit.SECONDS);
        return -1;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool));
    }

    private static String output(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(10, TimeUnit.SECONDS);
            return text;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static byte[] bytes(SecureRandom random, int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
