package io.tweestap.notification;

import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import com.eatthepath.pushy.apns.server.MockApnsServerListener;
import com.eatthepath.pushy.apns.server.RejectedNotificationException;
import com.eatthepath.pushy.apns.server.RejectionReason;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2Headers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * What stands in for Apple and Google at the network boundary, so Pushy and the FCM client run
 * for real: Pushy's own {@link MockApnsServer} over TLS + HTTP/2, and an HTTP server speaking the
 * FCM HTTP v1 send API and Google's OAuth2 token endpoint.
 *
 * <p>Behaviour follows the device token, because the test classes live in another class loader:
 * APNs tokens starting {@code bad} are answered BadDeviceToken; FCM tokens starting
 * {@code unavailable-once-} get one 503 first, {@code unregistered-} get 404 UNREGISTERED. What
 * the stand-ins received is readable at {@code GET /stand-in/apns/<token>} and
 * {@code /stand-in/fcm/<token>} (JSON array of bodies) on the base URL in system property
 * {@value #BASE_URL_PROPERTY}.
 */
public class PushProviderStandIns implements QuarkusTestResourceLifecycleManager {

    static final String BASE_URL_PROPERTY = "tweestap.test.push-stand-ins";
    static final String FCM_ACCESS_TOKEN = "stand-in-access-token";
    private static final Pattern TOKEN_FIELD = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    private final Map<String, List<String>> apnsAccepted = new ConcurrentHashMap<>();
    private final Map<String, List<String>> fcmReceived = new ConcurrentHashMap<>();
    private MockApnsServer apns;
    private HttpServer http;

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("tweestap-push-stand-ins");
            dir.toFile().deleteOnExit();
            KeyPair serverKeys = ecKeyPair();
            X509Certificate certificate = selfSigned(serverKeys);
            Path certificateFile = write(dir.resolve("apns-server.pem"), "CERTIFICATE", certificate.getEncoded());
            Path signingKey = write(dir.resolve("apns-signing-key.p8"), "PRIVATE KEY", ecKeyPair().getPrivate().getEncoded());
            int apnsPort = freePort();
            apns = new MockApnsServerBuilder()
                    .setServerCredentials(new X509Certificate[] {certificate}, serverKeys.getPrivate(), null)
                    .setHandlerFactory(session -> (headers, payload) -> {
                        if (token(headers).startsWith("bad")) {
                            throw new RejectedNotificationException(RejectionReason.BAD_DEVICE_TOKEN);
                        }
                    })
                    .setListener(new MockApnsServerListener() {
                        @Override
                        public void handlePushNotificationAccepted(Http2Headers headers, ByteBuf payload) {
                            record(apnsAccepted, token(headers), payload == null ? "" : payload.toString(StandardCharsets.UTF_8));
                        }

                        @Override
                        public void handlePushNotificationRejected(Http2Headers headers, ByteBuf payload, RejectionReason reason,
                                Instant invalidation) {
                        }
                    })
                    .build();
            apns.start(apnsPort).get();

            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/token", exchange -> answer(exchange, 200,
                    "{\"access_token\":\"" + FCM_ACCESS_TOKEN + "\",\"expires_in\":3600,\"token_type\":\"Bearer\"}"));
            http.createContext("/v1/projects/", this::fcmSend);
            http.createContext("/stand-in/", this::received);
            http.start();
            String baseUrl = "http://127.0.0.1:" + http.getAddress().getPort();
            System.setProperty(BASE_URL_PROPERTY, baseUrl);

            Path serviceAccount = dir.resolve("fcm-service-account.json");
            Files.writeString(serviceAccount, """
                    {"type": "service_account", "project_id": "tweestap-test", "private_key_id": "stand-in",
                     "private_key": "%s", "client_email": "push@tweestap-test.iam.gserviceaccount.com",
                     "client_id": "1", "token_uri": "%s/token"}
                    """.formatted(pem("PRIVATE KEY", rsaPrivateKey()).replace("\n", "\\n"), baseUrl));
            return Map.of(
                    "tweestap.notification.apns.signing-key-path", signingKey.toString(),
                    "tweestap.notification.apns.team-id", "TEAMID1234",
                    "tweestap.notification.apns.key-id", "KEYID12345",
                    "tweestap.notification.apns.topic", "io.tweestap.authenticator",
                    "tweestap.notification.apns.host", "localhost",
                    "tweestap.notification.apns.port", Integer.toString(apnsPort),
                    "tweestap.notification.apns.trusted-certificate-path", certificateFile.toString(),
                    "tweestap.notification.fcm.service-account-path", serviceAccount.toString(),
                    "tweestap.notification.fcm.base-url", baseUrl);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the push provider stand-ins", e);
        }
    }

    @Override
    public void stop() {
        if (apns != null) {
            apns.shutdown();
        }
        if (http != null) {
            http.stop(0);
        }
    }

    /** What the stand-in of {@code provider} ({@code apns} or {@code fcm}) received for a device token, oldest first. */
    public static JsonNode received(String provider, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                System.getProperty(BASE_URL_PROPERTY) + "/stand-in/" + provider + "/" + token)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(response.body());
    }

    private void fcmSend(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!("Bearer " + FCM_ACCESS_TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{\"error\":{\"code\":401,\"status\":\"UNAUTHENTICATED\"}}");
            return;
        }
        Matcher token = TOKEN_FIELD.matcher(body);
        String deviceToken = token.find() ? token.group(1) : "";
        int attempt = record(fcmReceived, deviceToken, body);
        if (deviceToken.startsWith("unavailable-once-") && attempt == 1) {
            answer(exchange, 503, "{\"error\":{\"code\":503,\"status\":\"UNAVAILABLE\"}}");
        } else if (deviceToken.startsWith("unregistered-")) {
            answer(exchange, 404, "{\"error\":{\"code\":404,\"status\":\"NOT_FOUND\",\"details\":[{\"errorCode\":\"UNREGISTERED\"}]}}");
        } else {
            answer(exchange, 200, "{\"name\":\"projects/tweestap-test/messages/" + attempt + "\"}");
        }
    }

    private void received(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        Map<String, List<String>> store = "apns".equals(parts[2]) ? apnsAccepted : fcmReceived;
        List<String> bodies = store.getOrDefault(parts[3], List.of());
        answer(exchange, 200, "[" + String.join(",", bodies) + "]");
    }

    private static int record(Map<String, List<String>> store, String token, String body) {
        List<String> bodies = store.computeIfAbsent(token, ignored -> new CopyOnWriteArrayList<>());
        bodies.add(body);
        return bodies.size();
    }

    private static String token(Http2Headers headers) {
        String path = headers.path() == null ? "" : headers.path().toString();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static byte[] rsaPrivateKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair().getPrivate().getEncoded();
    }

    private static X509Certificate selfSigned(KeyPair keys) throws Exception {
        X500Name name = new X500Name("CN=localhost");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(3600)), Date.from(now.plusSeconds(86_400)), name, keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    private static String pem(String kind, byte[] der) {
        return "-----BEGIN " + kind + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + kind + "-----\n";
    }

    private static Path write(Path file, String kind, byte[] der) {
        try {
            return Files.writeString(file, pem(kind, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
