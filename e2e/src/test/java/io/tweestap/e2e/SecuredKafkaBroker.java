package io.tweestap.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A private broker secured as the local platform's is (decision 0063): {@code
 * deploy/local/kafka-broker start ... --users}, SASL/SCRAM-SHA-512 only, the ACLs of {@code
 * deploy/kafka-acls}, a fresh random password per user. The services' own tests keep testkit's
 * open broker; the system tests run the packaged services against this one, each with its own user.
 */
final class SecuredKafkaBroker {

    static final List<String> USERS = List.of("admin", "enrollment-service", "challenge-service",
            "notification-service", "sms-service", "operations");

    private final Path root;
    private final Path dataDir;
    private final Path usersFile;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> passwords = new LinkedHashMap<>();

    private SecuredKafkaBroker(Path root, Path home, int port, int controllerPort) throws IOException {
        this.root = root;
        this.dataDir = home.resolve("data");
        this.usersFile = home.resolve("users");
        this.port = port;
        this.controllerPort = controllerPort;
        SecureRandom random = new SecureRandom();
        StringBuilder lines = new StringBuilder();
        for (String user : USERS) {
            byte[] secret = new byte[18];
            random.nextBytes(secret);
            passwords.put(user, HexFormat.of().formatHex(secret));
            lines.append(user).append('=').append(passwords.get(user)).append('\n');
        }
        Files.createFile(usersFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(usersFile, lines);
    }

    static SecuredKafkaBroker onFreePorts(Path root) {
        try {
            return new SecuredKafkaBroker(root, Files.createTempDirectory("tweestap-secured-kafka-"), freePort(), freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    String password(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no Kafka user " + user);
        }
        return password;
    }

    /** The client settings a service gets from its environment (TWEESTAP_KAFKA_*). */
    Map<String, String> serviceEnvironment(String user) {
        return Map.of("TWEESTAP_KAFKA_USERNAME", user, "TWEESTAP_KAFKA_PASSWORD", password(user),
                "TWEESTAP_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
    }

    /** Kafka client properties for a user: bootstrap plus SASL/SCRAM-SHA-512 with its password. */
    Map<String, Object> clientProperties(String user, String password) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("bootstrap.servers", bootstrapServers());
        properties.put("security.protocol", "SASL_PLAINTEXT");
        properties.put("sasl.mechanism", "SCRAM-SHA-512");
        properties.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return properties;
    }

    /** The broker's process id, from the pid file kafka-broker keeps in its data directory. */
    long pid() {
        try {
            return Long.parseLong(Files.readString(dataDir.resolve("broker.pid")).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void start() {
        script("start", dataDir.toString(), Integer.toString(port), Integer.toString(controllerPort),
                "--users", usersFile.toString());
    }

    void stop() {
        script("stop", dataDir.toString());
    }

    private void script(String... args) {
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = root.resolve("deploy/local/kafka-broker").toString();
        System.arraycopy(args, 0, command, 2, args.length);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("kafka-broker " + args[0] + " failed:\n" + output);
            }
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
