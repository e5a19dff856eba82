package io.tweestap.authenticator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweestap.authenticator.AccountStore;
import io.tweestap.authenticator.LinkedAccount;
import io.tweestap.devicekeys.DeviceKeyPair;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** challenge-service refuses a blocked device's answer with 403 device-blocked (decision 0089): the person is told why. */
class BlockedDeviceTest {

    private static final String CHALLENGE = UUID.randomUUID().toString();

    @TempDir
    Path home;

    private Vertx vertx;
    private HttpServer server;

    @BeforeEach
    void standIn() throws Exception {
        vertx = Vertx.vertx();
        String expires = Instant.now().plusSeconds(60).toString();
        server = vertx.createHttpServer().requestHandler(request -> {
            if (request.path().endsWith("/challenges")) {
                request.response().putHeader("Content-Type", "application/json")
                        .end("[{\"challengeId\":\"" + CHALLENGE + "\",\"serverNonce\":\"n1\",\"purpose\":\"sign-in\","
                                + "\"application\":\"Payroll portal\",\"location\":\"Utrecht, NL\",\"expiresAt\":\"" + expires + "\"}]");
            } else if (request.path().endsWith("/answer")) {
                request.response().setStatusCode(403).putHeader("Content-Type", "application/problem+json")
                        .end("{\"type\":\"https://tweestap.io/problems/device-blocked\",\"title\":\"Forbidden\",\"status\":403,"
                                + "\"detail\":\"An administrator has blocked this device\"}");
            } else {
                request.response().setStatusCode(404).end();
            }
        }).listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @CsvSource({"en, Your organisation has blocked this device", "nl, Je organisatie heeft dit apparaat geblokkeerd"})
    void anApprovalFromABlockedDeviceSaysTheDeviceIsBlockedAndWhomToAsk(String language, String told) throws Exception {
        URI services = URI.create("http://127.0.0.1:" + server.actualPort());
        DeviceKeyPair keys = DeviceKeyPair.generate();
        new AccountStore(home).save(new LinkedAccount(UUID.randomUUID().toString(), "acme", "anna@example.org", "Anna's phone",
                Instant.now(), services, services, services, keys.publicKeyBase64(), keys.privateKeyBase64()));
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(screen, true, StandardCharsets.UTF_8);

        int exit = new AuthenticatorApp(out, out, new BufferedReader(new StringReader("")))
                .run(new String[] {"approve", "--number", "42", "--store", home.toString(), "--lang", language});

        String shown = screen.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains(told).doesNotContain("Forbidden");
        assertThat(exit).isEqualTo(1);
    }
}
