package io.tweestap.sms;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * The Vonage sandbox for the test application: WireMock in this JVM, serving the same mapping
 * files as {@code deploy/vonage-sandbox/sandbox}, with a throwaway Vonage application key so the
 * SDK's Voice client signs its JWT for real.
 */
public class VonageSandboxResource implements QuarkusTestResourceLifecycleManager {

    static final String URL_PROPERTY = "tweestap.test.vonage-sandbox";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        Path root = Path.of(System.getProperty("tweestap.root", "..")).resolve("deploy/vonage-sandbox");
        server = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .usingFilesUnderDirectory(root.toString())
                // Quiet: a verbose notifier would write every request, numbers and codes included, to our log.
                .notifier(new Slf4jNotifier(false)));
        server.start();
        String url = "http://127.0.0.1:" + server.port();
        System.setProperty(URL_PROPERTY, url);
        return Map.of(
                "tweestap.vonage.base-uri", url,
                "tweestap.vonage.application-id", UUID.randomUUID().toString(),
                "tweestap.vonage.private-key-path", throwawayPrivateKey().toString());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static Path throwawayPrivateKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                    + "\n-----END PRIVATE KEY-----\n";
            Path file = Files.createTempFile("vonage-application-", ".pem");
            file.toFile().deleteOnExit();
            return Files.writeString(file, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
