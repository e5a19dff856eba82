package io.tweestap.authenticator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tweestap.authenticator.AccountStore;
import io.tweestap.authenticator.LinkedAccount;
import io.tweestap.devicekeys.DeviceKeyPair;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code listen} against a stand-in for the services: the stream sends a challenge frame twice
 * with the same push id (a re-send of a frame the service saw no ack for) and a new-device notice.
 * The authenticator acknowledges every frame and asks the person once for the challenge. A
 * challenge followed by its {@code challenge-closed} frame with outcome {@code cancelled} is not
 * asked, even while challenge-service's list still names it.
 */
class ListenTest {

    private static final String CHALLENGE = UUID.randomUUID().toString();
    private static final String CHALLENGE_PUSH = UUID.randomUUID().toString();
    private static final String NOTICE_PUSH = UUID.randomUUID().toString();

    @TempDir
    Path home;

    private Vertx vertx;
    private HttpServer server;
    private final List<String> acks = new CopyOnWriteArrayList<>();
    private final AtomicInteger pendingCalls = new AtomicInteger();
    private final AtomicInteger answers = new AtomicInteger();
    private final List<ServerWebSocket> streams = new CopyOnWriteArrayList<>();

    /** The frames the stand-in's stream writes on connect; each test sets its own. */
    private volatile List<String> script = List.of();
    /** When set, the stand-in answers a list request only once the authenticator acknowledged this push. */
    private volatile String listAfterAckOf;
    private String expires;
    private String challengeFrame;

    @BeforeEach
    void standIn() throws Exception {
        vertx = Vertx.vertx();
        expires = Instant.now().plusSeconds(60).toString();
        challengeFrame = "{\"pushId\":\"" + CHALLENGE_PUSH + "\",\"type\":\"challenge\",\"challengeId\":\"" + CHALLENGE
                + "\",\"purpose\":\"sign-in\",\"application\":\"Payroll portal\",\"ipAddress\":\"203.0.113.7\","
                + "\"location\":\"Utrecht, NL\",\"expiresAt\":\"" + expires + "\"}";
        server = vertx.createHttpServer()
                .webSocketHandler(stream -> {
                    streams.add(stream);
                    stream.textMessageHandler(acks::add);
                    script.forEach(stream::writeTextMessage);
                })
                .requestHandler(request -> {
                    if (request.path().endsWith("/challenges")) {
                        // Nothing waits when listen starts, so the challenge is asked because of its frame.
                        String list = pendingCalls.getAndIncrement() == 0 ? "[]"
                                : "[{\"challengeId\":\"" + CHALLENGE + "\",\"serverNonce\":\"n1\",\"purpose\":\"sign-in\","
                                        + "\"application\":\"Payroll portal\",\"ipAddress\":\"203.0.113.7\",\"location\":\"Utrecht, NL\","
                                        + "\"expiresAt\":\"" + expires + "\"}]";
                        answerWhenDue(request, list);
                    } else if (request.path().endsWith("/answer")) {
                        answers.incrementAndGet();
                        request.response().putHeader("Content-Type", "application/json")
                                .end("{\"challengeId\":\"" + CHALLENGE + "\",\"status\":\"APPROVED\"}");
                    } else {
                        request.response().setStatusCode(404).end();
                    }
                })
                .listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Answers the list at once, or (a list fetched while a cancel travels) once the awaited push was acknowledged. */
    private void answerWhenDue(io.vertx.core.http.HttpServerRequest request, String list) {
        String awaited = listAfterAckOf;
        if (awaited == null || acks.stream().anyMatch(ack -> ack.contains(awaited))) {
            request.response().putHeader("Content-Type", "application/json").end(list);
        } else {
            vertx.setTimer(20, tick -> answerWhenDue(request, list));
        }
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void acknowledgesEveryFrameAndAsksOncePerChallengeEvenWhenTheFrameRepeats() throws Exception {
        String noticeFrame = "{\"pushId\":\"" + NOTICE_PUSH + "\",\"type\":\"new-device\",\"deviceId\":\"" + UUID.randomUUID()
                + "\",\"deviceName\":\"Other phone\",\"platform\":\"android\",\"registeredAt\":\"" + Instant.now() + "\"}";
        script = List.of(challengeFrame, noticeFrame, challengeFrame);
        URI services = URI.create("http://127.0.0.1:" + server.actualPort());
        DeviceKeyPair keys = DeviceKeyPair.generate();
        new AccountStore(home).save(new LinkedAccount(UUID.randomUUID().toString(), "acme", "anna@example.org", "Anna's laptop",
                Instant.now(), services, services, services, keys.publicKeyBase64(), keys.privateKeyBase64()));
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(screen, true, StandardCharsets.UTF_8);
        AuthenticatorApp app = new AuthenticatorApp(out, out, new BufferedReader(new StringReader("42\n")));

        CompletableFuture<Integer> listening = CompletableFuture.supplyAsync(
                () -> app.run(new String[] {"listen", "--store", home.toString(), "--lang", "en"}));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> (acks.size() >= 3 && answers.get() >= 1) || listening.isDone());
        // The repeated frame is taken from the queue within the loop's one-second poll; all that
        // while the person has still been asked once.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() ->
                occurrences(screen.toString(StandardCharsets.UTF_8), "Type the number shown on the sign-in screen") == 1);
        streams.forEach(ServerWebSocket::close);
        int exit = listening.get(20, TimeUnit.SECONDS);

        String shown = screen.toString(StandardCharsets.UTF_8);
        assertThat(acks).extracting(ack -> ack.replace(" ", "")).containsExactlyInAnyOrder(
                "{\"type\":\"ack\",\"pushId\":\"" + CHALLENGE_PUSH + "\"}",
                "{\"type\":\"ack\",\"pushId\":\"" + NOTICE_PUSH + "\"}",
                "{\"type\":\"ack\",\"pushId\":\"" + CHALLENGE_PUSH + "\"}");
        assertThat(answers.get()).isEqualTo(1);
        assertThat(occurrences(shown, "Type the number shown on the sign-in screen")).as(shown).isEqualTo(1);
        assertThat(shown).contains("Approved.");
        assertThat(exit).as("ended because the stream closed, not because it asked again with no input left").isEqualTo(1);
    }

    @Test
    void aSignInCancelledBeforeThePersonIsAskedIsDroppedAndNotAsked() throws Exception {
        String closePush = UUID.randomUUID().toString();
        String cancelFrame = "{\"pushId\":\"" + closePush + "\",\"type\":\"challenge-closed\",\"challengeId\":\"" + CHALLENGE
                + "\",\"outcome\":\"cancelled\"}";
        script = List.of(challengeFrame, cancelFrame);
        // challenge-service's list still names the sign-in: it was fetched while the cancel was on its way.
        listAfterAckOf = closePush;
        URI services = URI.create("http://127.0.0.1:" + server.actualPort());
        DeviceKeyPair keys = DeviceKeyPair.generate();
        new AccountStore(home).save(new LinkedAccount(UUID.randomUUID().toString(), "acme", "anna@example.org", "Anna's laptop",
                Instant.now(), services, services, services, keys.publicKeyBase64(), keys.privateKeyBase64()));
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(screen, true, StandardCharsets.UTF_8);
        AuthenticatorApp app = new AuthenticatorApp(out, out, new BufferedReader(new StringReader("42\n")));

        CompletableFuture<Integer> listening = CompletableFuture.supplyAsync(
                () -> app.run(new String[] {"listen", "--store", home.toString(), "--lang", "en"}));
        await().atMost(Duration.ofSeconds(20)).until(() -> screen.toString(StandardCharsets.UTF_8).contains("withdrawn")
                || listening.isDone());
        // Frames are handled in order: once the cancel is on the screen, the challenge before it was handled too.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() ->
                occurrences(screen.toString(StandardCharsets.UTF_8), "Type the number shown on the sign-in screen") == 0);
        streams.forEach(ServerWebSocket::close);
        int exit = listening.get(20, TimeUnit.SECONDS);

        String shown = screen.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains("Request " + CHALLENGE + " was withdrawn");
        assertThat(occurrences(shown, "Type the number shown on the sign-in screen")).as(shown).isZero();
        assertThat(answers.get()).isZero();
        assertThat(exit).isEqualTo(1);
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
