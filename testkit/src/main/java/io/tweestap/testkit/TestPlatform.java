package io.tweestap.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * What a service's test application runs against: its own real Kafka broker on free ports and a
 * freshly generated JWT signing key. PostgreSQL is the machine's; each service's {@code %test}
 * profile names its {@code <service>_test} database and Flyway cleans it at start.
 *
 * <p>Values reach tests through system properties because the resource and the test classes do
 * not share a class loader.
 */
public class TestPlatform implements QuarkusTestResourceLifecycleManager {

    static final String BOOTSTRAP_PROPERTY = "tweestap.test.kafka";
    static final String SIGNING_KEY_PROPERTY = "tweestap.test.signing-key";

    private static KafkaBroker broker;

    @Override
    public Map<String, String> start() {
        broker = KafkaBroker.onFreePorts();
        broker.start();
        KeyPair keys = rsaKeyPair();
        Path publicKey = writePem("PUBLIC KEY", keys.getPublic().getEncoded());
        Path privateKey = writePem("PRIVATE KEY", keys.getPrivate().getEncoded());
        System.setProperty(BOOTSTRAP_PROPERTY, broker.bootstrapServers());
        System.setProperty(SIGNING_KEY_PROPERTY, Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()));
        return Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "mp.jwt.verify.publickey.location", publicKey.toString(),
                // Services that call another service mint their own tokens with this key (smallrye-jwt-build).
                "smallrye.jwt.sign.key.location", privateKey.toString());
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.stop();
        }
    }

    /** The broker of this test application, e.g. to stop and start it. */
    public static KafkaBroker broker() {
        return broker;
    }

    public static String bootstrapServers() {
        return System.getProperty(BOOTSTRAP_PROPERTY);
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writePem(String kind, byte[] der) {
        String pem = "-----BEGIN " + kind + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + kind + "-----\n";
        try {
            Path file = Files.createTempFile("tweestap-jwt-", ".pem");
            file.toFile().deleteOnExit();
            return Files.writeString(file, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
