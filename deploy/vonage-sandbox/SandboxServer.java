import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Vonage sandbox: WireMock serving the mapping files beside this file, plus the callbacks Vonage
 * would send, signed with the account's signature secret as Vonage signs them (decision 0026):
 * a "delivered" receipt for every SMS accepted with a {@code callback} URL (form parameters with
 * {@code timestamp} and an MD5 {@code sig}), and "started", "answered" and "completed" events for
 * every call placed with an {@code event_url} (JSON with an HS256 JWT whose {@code payload_hash} is
 * the body's SHA-256). Run by {@code sandbox start} with the Java source launcher:
 * {@code java -cp wiremock-standalone.jar SandboxServer.java <port> <root-dir>}; the secret comes from
 * {@code TWEESTAP_VONAGE_SIGNATURE_SECRET}.
 */
public class SandboxServer {

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        String secret = System.getenv("TWEESTAP_VONAGE_SIGNATURE_SECRET");
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("TWEESTAP_VONAGE_SIGNATURE_SECRET is not set");
        }
        WireMockServer server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .port(port)
                .usingFilesUnderDirectory(args[1])
                .maxRequestJournalEntries(10_000)
                .extensions(new SignedCallbacks(secret)));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    }

    /** Sends the callbacks of what was just served, a moment later, as Vonage does. */
    static final class SignedCallbacks implements ServeEventListener {

        private static final Pattern EVENT_URL = Pattern.compile("\"event_url\"\\s*:\\s*\\[\\s*\"([^\"]+)\"");
        private static final Pattern UUID_FIELD = Pattern.compile("\"uuid\"\\s*:\\s*\"([^\"]+)\"");
        private static final Pattern MESSAGE_ID = Pattern.compile("\"message-id\"\\s*:\\s*\"([^\"]+)\"");
        private static final Pattern TO_NUMBER = Pattern.compile("\"to\"\\s*:\\s*\\[\\s*\\{[^}]*\"number\"\\s*:\\s*\"([^\"]+)\"");

        private final String secret;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "signed-callbacks");
            thread.setDaemon(true);
            return thread;
        });

        SignedCallbacks(String secret) {
            this.secret = secret;
        }

        @Override
        public String getName() {
            return "tweestap-signed-callbacks";
        }

        @Override
        public boolean applyGlobally() {
            return true;
        }

        @Override
        public void afterComplete(ServeEvent event, Parameters parameters) {
            String url = event.getRequest().getUrl();
            int status = event.getResponse().getStatus();
            String answer = event.getResponse().getBodyAsString();
            if (url.startsWith("/sms/json") && status == 200 && answer.contains("\"status\":\"0\"")) {
                Map<String, String> form = form(event.getRequest().getBodyAsString());
                Matcher id = MESSAGE_ID.matcher(answer);
                if (form.containsKey("callback") && id.find()) {
                    later.schedule(() -> receipt(form, id.group(1)), 500, TimeUnit.MILLISECONDS);
                }
            } else if (url.startsWith("/v1/calls") && status == 201) {
                String request = event.getRequest().getBodyAsString();
                Matcher eventUrl = EVENT_URL.matcher(request);
                Matcher uuid = UUID_FIELD.matcher(answer);
                Matcher to = TO_NUMBER.matcher(request);
                if (eventUrl.find() && uuid.find()) {
                    String number = to.find() ? to.group(1) : "";
                    // After the service recorded the call's uuid from our answer; in Vonage's order.
                    long delay = 1000;
                    for (String callStatus : new String[] {"started", "answered", "completed"}) {
                        later.schedule(() -> callEvent(eventUrl.group(1), uuid.group(1), number, callStatus),
                                delay, TimeUnit.MILLISECONDS);
                        delay += 300;
                    }
                }
            }
        }

        /** An SMS delivery receipt, form-encoded, signed with {@code timestamp} and an MD5 {@code sig}. */
        private void receipt(Map<String, String> sms, String messageId) {
            Map<String, String> receipt = new TreeMap<>();
            receipt.put("msisdn", sms.getOrDefault("to", ""));
            receipt.put("to", sms.getOrDefault("from", ""));
            receipt.put("network-code", "20416");
            receipt.put("messageId", messageId);
            receipt.put("price", "0.07000000");
            receipt.put("status", "delivered");
            receipt.put("err-code", "0");
            receipt.put("message-timestamp", Instant.now().toString().substring(0, 19).replace('T', ' '));
            if (sms.containsKey("client-ref")) {
                receipt.put("client-ref", sms.get("client-ref"));
            }
            // Vonage's signing leaves out empty parameters.
            receipt.values().removeIf(String::isBlank);
            receipt.put("timestamp", Long.toString(Instant.now().getEpochSecond()));
            StringBuilder signed = new StringBuilder();
            receipt.forEach((name, value) -> signed.append('&').append(clean(name)).append('=').append(clean(value)));
            receipt.put("sig", hex(digest("MD5", signed + secret)));
            StringBuilder body = new StringBuilder();
            receipt.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&")
                    .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
            post(sms.get("callback"), "application/x-www-form-urlencoded", body.toString(), null);
        }

        /** A voice event, JSON, with {@code Authorization: Bearer} an HS256 JWT bound to the body. */
        private void callEvent(String eventUrl, String uuid, String number, String status) {
            String body = "{\"from\":\"31850000000\",\"to\":\"" + number + "\",\"uuid\":\"" + uuid
                    + "\",\"conversation_uuid\":\"CON-" + UUID.randomUUID() + "\",\"status\":\"" + status
                    + "\",\"direction\":\"outbound\",\"timestamp\":\"" + Instant.now() + "\"}";
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("iat", Instant.now().getEpochSecond());
            claims.put("jti", UUID.randomUUID().toString());
            claims.put("iss", "Vonage");
            claims.put("payload_hash", hex(digest("SHA-256", body)));
            claims.put("api_key", "sandbox");
            StringBuilder json = new StringBuilder("{");
            claims.forEach((name, value) -> json.append(json.length() == 1 ? "" : ",").append('"').append(name)
                    .append("\":").append(value instanceof String ? "\"" + value + "\"" : value));
            json.append('}');
            Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
            String unsigned = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                    + "." + base64.encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
            String token = unsigned + "." + base64.encodeToString(hmacSha256(unsigned));
            post(eventUrl, "application/json", body, "Bearer " + token);
        }

        private void post(String url, String contentType, String body, String authorization) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body));
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() >= 300) {
                    System.err.println("[vonage-sandbox] callback to " + url + " answered " + response.statusCode());
                }
            } catch (Exception e) {
                System.err.println("[vonage-sandbox] callback to " + url + " failed: " + e);
            }
        }

        private byte[] hmacSha256(String text) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static byte[] digest(String algorithm, String text) {
            try {
                return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static String hex(byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }

        /** Vonage's signing replaces these in names and values. */
        private static String clean(String text) {
            return text.replaceAll("[=&]", "_");
        }

        private static Map<String, String> form(String body) {
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
            return form;
        }
    }
}
