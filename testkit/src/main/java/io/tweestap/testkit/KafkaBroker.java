package io.tweestap.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real Kafka broker (KRaft, one node) in its own process, started through
 * {@code deploy/local/kafka-broker} so tests and the local platform run the same broker the same
 * way. Stopping and starting it keeps its data, which is how tests simulate an outage.
 */
public final class KafkaBroker {

    private final Path dataDir;
    private final int port;
    private final int controllerPort;

    private KafkaBroker(Path dataDir, int port, int controllerPort) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public static KafkaBroker onFreePorts() {
        try {
            return new KafkaBroker(Files.createTempDirectory("tweestap-kafka-"), freePort(), freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public void start() {
        script("start", dataDir.toString(), Integer.toString(port), Integer.toString(controllerPort));
    }

    public void stop() {
        script("stop", dataDir.toString());
    }

    private static void script(String... args) {
        Path script = ProjectRoot.path().resolve("deploy/local/kafka-broker");
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = script.toString();
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
