package io.tweestap.events.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real Kafka broker for the relay tests, started through {@code deploy/local/kafka-broker} as
 * testkit's {@code KafkaBroker} does (testkit depends on this module, so it cannot be used here).
 */
final class TestBroker implements AutoCloseable {

    private final Path dataDir;
    private final int port;

    private TestBroker(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    static TestBroker start() {
        try {
            TestBroker broker = new TestBroker(Files.createTempDirectory("tweestap-relay-kafka-"), freePort());
            broker.script("start", broker.dataDir.toString(), Integer.toString(broker.port), Integer.toString(freePort()));
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        script("stop", dataDir.toString(), "--delete");
    }

    private void script(String... args) {
        String root = System.getProperty("tweestap.root", "..");
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = Path.of(root, "deploy/local/kafka-broker").toString();
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
