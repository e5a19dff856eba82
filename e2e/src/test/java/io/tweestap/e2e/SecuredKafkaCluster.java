package io.tweestap.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A private Kafka cluster of the scale-out layout on free ports: {@code deploy/local/kafka-cluster start
 * ... --users}, N KRaft nodes secured as the local platform's single broker (decision 0063), a fresh
 * random password per user. Its nodes can be killed ({@code kill -9}) and started again.
 */
final class SecuredKafkaCluster {

    private final Path root;
    private final Path dataDir;
    private final Path usersFile;
    private final List<int[]> ports = new ArrayList<>();
    private final Map<String, String> passwords = new LinkedHashMap<>();

    private SecuredKafkaCluster(Path root, Path home, int nodes) throws IOException {
        this.root = root;
        this.dataDir = home.resolve("cluster");
        this.usersFile = home.resolve("users");
        for (int i = 0; i < nodes; i++) {
            ports.add(new int[] {freePort(), freePort()});
        }
        SecureRandom random = new SecureRandom();
        StringBuilder lines = new StringBuilder();
        for (String user : SecuredKafkaBroker.USERS) {
            byte[] secret = new byte[18];
            random.nextBytes(secret);
            passwords.put(user, HexFormat.of().formatHex(secret));
            lines.append(user).append('=').append(passwords.get(user)).append('\n');
        }
        Files.createFile(usersFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(usersFile, lines);
    }

    static SecuredKafkaCluster onFreePorts(Path root, int nodes) {
        try {
            return new SecuredKafkaCluster(root, Files.createTempDirectory("tweestap-kafka-cluster-"), nodes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String bootstrapServers() {
        return ports.stream().map(p -> "127.0.0.1:" + p[0]).collect(Collectors.joining(","));
    }

    /** Kafka client properties for a user: every broker, SASL/SCRAM-SHA-512 with its password. */
    Map<String, Object> clientProperties(String user) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("bootstrap.servers", bootstrapServers());
        properties.put("security.protocol", "SASL_PLAINTEXT");
        properties.put("sasl.mechanism", "SCRAM-SHA-512");
        properties.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + passwords.get(user) + "\";");
        return properties;
    }

    /** Starts the nodes not running and returns once every partition has all its replicas in sync. */
    String start() {
        String spec = ports.stream().map(p -> p[0] + ":" + p[1]).collect(Collectors.joining(","));
        return script("start", dataDir.toString(), spec, "--users", usersFile.toString());
    }

    /** SIGKILL of node {@code node} (1..N), as a crash. */
    void kill(int node) {
        script("kill", dataDir.toString(), Integer.toString(node));
    }

    void stop() {
        script("stop", dataDir.toString(), "--delete");
    }

    private String script(String... args) {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("deploy/local/kafka-cluster").toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("kafka-cluster " + args[0] + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
