package io.tweestap.testkit.webpush;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser's push service at the network boundary (RFC 8030): takes {@code POST /push/<id>} for
 * the subscriptions it handed out and, like a real one, refuses (403) a request whose VAPID
 * {@code Authorization: vapid t=<JWT>, k=<key>} is not an ES256 token by the expected key, for
 * this origin, expiring within 24 hours, with a mailto/https subject (RFC 8292). It then decrypts
 * the aes128gcm body with the subscription's browser keys; a body it cannot decrypt is refused
 * too. Each request is recorded with what was wrong with it, if anything; answers can be scripted
 * per subscription (404, 410, 429 with Retry-After, 5xx, ...), then 201.
 */
public final class PushServiceStandIn implements AutoCloseable {

    private static final Pattern VAPID = Pattern.compile("^vapid t=([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+), k=([A-Za-z0-9_-]+)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the stand-in received: the decrypted payload (null when refused) and why it refused, if it did. */
    public record Received(long nanos, Map<String, String> headers, JsonNode claims, String payload, String problem, int answered) {
    }

    /** A scripted answer; {@code retryAfter} null for none. */
    public record Answer(int status, String retryAfter) {
    }

    private final HttpServer server;
    private final String expectedKey;
    private final Map<String, BrowserPushKeys> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, List<Received>> received = new ConcurrentHashMap<>();

    /** @param expectedKey the VAPID public key the service publishes (base64url of the uncompressed point) */
    public PushServiceStandIn(String expectedKey) throws IOException {
        this.expectedKey = expectedKey;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/push/", this::push);
        server.start();
    }

    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A new subscription as a browser gets one: its endpoint here and its keys. */
    public Subscription subscribe() {
        String id = UUID.randomUUID().toString();
        BrowserPushKeys keys = BrowserPushKeys.generate();
        subscriptions.put(id, keys);
        return new Subscription(id, origin() + "/push/" + id, keys);
    }

    public record Subscription(String id, String endpoint, BrowserPushKeys keys) {
        /** The JSON of {@code PushSubscription.toJSON()}. */
        public String json() {
            return "{\"endpoint\":\"" + endpoint + "\",\"expirationTime\":null,\"keys\":{\"p256dh\":\"" + keys.p256dhText()
                    + "\",\"auth\":\"" + keys.authText() + "\"}}";
        }
    }

    public void script(Subscription subscription, Answer... answers) {
        scripts.put(subscription.id(), new ArrayDeque<>(List.of(answers)));
    }

    public List<Received> received(Subscription subscription) {
        return List.copyOf(received.getOrDefault(subscription.id(), List.of()));
    }

    private void push(HttpExchange exchange) throws IOException {
        try (exchange) {
            String id = exchange.getRequestURI().getPath().substring("/push/".length());
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
            BrowserPushKeys keys = subscriptions.get(id);
            if (keys == null || !"POST".equals(exchange.getRequestMethod())) {
                answer(exchange, 404, null);
                return;
            }
            List<String> problems = new ArrayList<>();
            JsonNode claims = vapidClaims(headers.get("authorization"), problems);
            if (!"aes128gcm".equals(headers.get("content-encoding"))) {
                problems.add("Content-Encoding is not aes128gcm");
            }
            if (headers.get("ttl") == null || !headers.get("ttl").matches("\\d+")) {
                problems.add("no TTL");
            }
            String payload = null;
            try {
                payload = new String(keys.decrypt(body), java.nio.charset.StandardCharsets.UTF_8);
            } catch (Exception e) {
                problems.add("body does not decrypt: " + e.getMessage());
            }
            Answer scripted = problems.isEmpty() ? next(id) : new Answer(403, null);
            received.computeIfAbsent(id, ignored -> new CopyOnWriteArrayList<>()).add(new Received(System.nanoTime(), Map.copyOf(headers),
                    claims, problems.isEmpty() ? payload : null, problems.isEmpty() ? null : String.join("; ", problems), scripted.status()));
            answer(exchange, scripted.status(), scripted.retryAfter());
        }
    }

    private Answer next(String id) {
        Deque<Answer> script = scripts.get(id);
        Answer scripted = script == null ? null : script.poll();
        return scripted == null ? new Answer(201, null) : scripted;
    }

    private JsonNode vapidClaims(String authorization, List<String> problems) {
        Matcher vapid = VAPID.matcher(authorization == null ? "" : authorization);
        if (!vapid.matches()) {
            problems.add("no VAPID Authorization");
            return null;
        }
        if (!expectedKey.equals(vapid.group(2))) {
            problems.add("k is not the service's VAPID key");
        }
        String[] parts = vapid.group(1).split("\\.");
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
            es256.initVerify(BrowserPushKeys.publicKey(Base64.getUrlDecoder().decode(vapid.group(2))));
            es256.update((parts[0] + "." + parts[1]).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            if (!"ES256".equals(header.path("alg").asText()) || !es256.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                problems.add("JWT is not ES256 signed by k");
            }
            if (!origin().equals(claims.path("aud").asText())) {
                problems.add("aud is not the endpoint's origin");
            }
            long now = Instant.now().getEpochSecond();
            long exp = claims.path("exp").asLong(0);
            if (exp <= now || exp > now + 24 * 3600) {
                problems.add("exp is not within the next 24 hours");
            }
            String sub = claims.path("sub").asText("");
            if (!sub.startsWith("mailto:") && !sub.startsWith("https://")) {
                problems.add("sub is not a mailto: or https: contact");
            }
            return claims;
        } catch (Exception e) {
            problems.add("unreadable VAPID token: " + e.getClass().getSimpleName());
            return null;
        }
    }

    private static void answer(HttpExchange exchange, int status, String retryAfter) throws IOException {
        if (retryAfter != null) {
            exchange.getResponseHeaders().add("Retry-After", retryAfter);
        }
        exchange.sendResponseHeaders(status, -1);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
