package io.tweestap.authenticator;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.tweestap.devicekeys.ChallengeAnswer;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;
import io.tweestap.devicekeys.DeviceKeyPair;
import io.tweestap.devicekeys.SignedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The reference authenticator: what a phone app does, as a library. It links itself to a work
 * account by spending the activation code from the QR, keeps its P-256 key in an {@link AccountStore},
 * listens for pushes on the direct channel, lists what waits for an answer, and signs every answer
 * with its key (approve with the typed number, deny, report fraud).
 */
public final class Authenticator {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

    private final AccountStore store;
    private final HttpClient http;

    public Authenticator(AccountStore store) {
        this(store, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    public Authenticator(AccountStore store, HttpClient http) {
        this.store = store;
        this.http = http;
    }

    public AccountStore store() {
        return store;
    }

    /** Scans a picture of the QR code and links the account. */
    public LinkedAccount activate(java.nio.file.Path qrPicture, String deviceName) throws IOException {
        return activate(ActivationLink.parse(QrImage.read(qrPicture)), deviceName);
    }

    /**
     * Makes a fresh key pair, spends the activation code with the public key and saves the account.
     * The key is made per account, so removing one account never exposes another.
     *
     * @throws ServiceProblem when the code is unknown (404), used (409) or expired (410)
     */
    public LinkedAccount activate(ActivationLink link, String deviceName) {
        DeviceKeyPair keys = DeviceKeyPair.generate();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("activationCode", link.activationCode());
        body.put("publicKey", keys.publicKeyBase64());
        body.put("deviceName", deviceName);
        body.put("platform", "cli");
        // The direct channel needs no address: notification-service knows the device by its signed stream.
        body.put("pushChannels", List.of(Map.of("kind", "direct", "address", "stream")));
        JsonNode activated = call(HttpRequest.newBuilder(at(link.enrollmentUrl(), "/api/v1/device-activations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(body))));
        JsonNode endpoints = activated.get("endpoints");
        LinkedAccount account = new LinkedAccount(activated.get("deviceId").asText(), activated.get("tenantId").asText(),
                activated.get("userId").asText(), activated.get("deviceName").asText(),
                Instant.parse(activated.get("registeredAt").asText()),
                URI.create(endpoints.get("enrollment").asText()), URI.create(endpoints.get("challenges").asText()),
                URI.create(endpoints.get("notifications").asText()), keys.publicKeyBase64(), keys.privateKeyBase64());
        store.save(account);
        return account;
    }

    /** Everything waiting for this device's answer (also when a push was missed). */
    public List<SignInRequest> pending(LinkedAccount account) {
        String path = "/api/v1/devices/" + account.deviceId() + "/challenges";
        HttpRequest.Builder request = HttpRequest.newBuilder(at(account.challengesUrl(), path)).GET();
        signed(request, account, "GET", path);
        try {
            return Json.MAPPER.readValue(Json.MAPPER.treeAsTokens(call(request)), new TypeReference<List<SignInRequest>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException("challenge-service answered something that is not a list of requests", e);
        }
    }

    /** Approve with the number the sign-in screen shows; a wrong number denies the sign-in. */
    public AnswerResult approve(LinkedAccount account, SignInRequest request, String typedNumber) {
        return answer(account, request, Decision.APPROVE, typedNumber);
    }

    public AnswerResult deny(LinkedAccount account, SignInRequest request) {
        return answer(account, request, Decision.DENY, null);
    }

    /** "This wasn't me": denies, and blocks further pushes to the account until an administrator lifts it. */
    public AnswerResult reportFraud(LinkedAccount account, SignInRequest request) {
        return answer(account, request, Decision.REPORT_FRAUD, null);
    }

    public AnswerResult answer(LinkedAccount account, SignInRequest request, Decision decision, String typedNumber) {
        String number = typedNumber == null ? "" : typedNumber.strip();
        String signature = account.keys().sign(
                new ChallengeAnswer(request.challengeId(), request.serverNonce(), account.deviceId(), decision, number).statement());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("decision", decision.name());
        body.put("typedNumber", number);
        body.put("signature", signature);
        String path = "/api/v1/devices/" + account.deviceId() + "/challenges/" + request.challengeId() + "/answer";
        JsonNode result = call(HttpRequest.newBuilder(at(account.challengesUrl(), path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json(body))));
        return new AnswerResult(result.get("challengeId").asText(), result.get("status").asText(),
                result.hasNonNull("reason") ? result.get("reason").asText() : null);
    }

    /**
     * Opens the direct push channel. Every frame goes to {@code onPush}, on the HTTP client's thread.
     *
     * @throws ServiceProblem when notification-service refuses the signed handshake
     */
    public PushStream listen(LinkedAccount account, Consumer<PushFrame> onPush) {
        String path = "/api/v1/devices/" + account.deviceId() + "/stream";
        URI base = account.notificationsUrl();
        URI plain = at(base, path);
        URI socket = URI.create(("https".equals(plain.getScheme()) ? "wss" : "ws") + plain.toString().substring(plain.getScheme().length()));
        PushStream stream = new PushStream(onPush);
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        signedHeaders(account, "GET", path).forEach(builder::header);
        try {
            stream.attach(builder.buildAsync(socket, stream.listener()).join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
                throw new ServiceProblem(refused.getResponse().statusCode(), null, "Push channel refused",
                        "notification-service did not accept this device's signature");
            }
            throw new UncheckedIOException("Could not reach notification-service at " + base,
                    e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
        }
        return stream;
    }

    /** Appends rather than resolves, so a service published under a path prefix keeps it. */
    static URI at(URI base, String path) {
        String root = base.toString();
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        return URI.create(root + path);
    }

    private void signed(HttpRequest.Builder request, LinkedAccount account, String method, String path) {
        signedHeaders(account, method, path).forEach(request::header);
    }

    private static Map<String, String> signedHeaders(LinkedAccount account, String method, String path) {
        long now = Instant.now().getEpochSecond();
        String nonce = UUID.randomUUID().toString();
        SignedRequest statement = SignedRequest.of(method, path, account.deviceId(), now, nonce, new byte[0]);
        return Map.of(
                SignedRequest.DEVICE_HEADER, account.deviceId(),
                SignedRequest.TIMESTAMP_HEADER, Long.toString(now),
                SignedRequest.NONCE_HEADER, nonce,
                SignedRequest.SIGNATURE_HEADER, account.keys().sign(statement.statement()));
    }

    private JsonNode call(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(CALL_TIMEOUT).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not reach " + request.build().uri().getAuthority(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw ServiceProblem.from(response.statusCode(), response.body());
        }
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Not JSON from " + response.uri(), e);
        }
    }

    private static byte[] json(Object body) {
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
