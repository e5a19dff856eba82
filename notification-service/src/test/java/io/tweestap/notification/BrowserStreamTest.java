package io.tweestap.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.devicekeys.DeviceKeyPair;
import io.tweestap.devicekeys.SignedRequest;
import io.tweestap.events.challenge.ChallengeCreated;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The stream as the web app opens it: a browser's WebSocket cannot send headers, so the device-keys
 * signature travels as the query parameters device, timestamp, nonce and signature (decision 0077).
 * The same checks hold as for the headers: key, freshness, one use of a nonce.
 */
@QuarkusTest
class BrowserStreamTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI baseUri;

    @Test
    void aStreamSignedInItsQueryReceivesTheChallengeAndAcks() throws Exception {
        Phone phone = new Phone("acme", "browser-" + UUID.randomUUID()).register();
        List<String> frames = new CopyOnWriteArrayList<>();
        WebSocket socket = open(phone, query(phone, phone.keys, Instant.now().getEpochSecond(), UUID.randomUUID().toString()),
                frames);
        try {
            ChallengeCreated challenge = Challenges.publishFor(phone);
            String frame = await().atMost(Duration.ofSeconds(20))
                    .until(() -> frames.stream().filter(text -> text.contains(challenge.challengeId())).findFirst().orElse(null),
                            found -> found != null);
            assertThat(frame).contains("\"type\":\"challenge\"").doesNotContain("numberToShow");
            socket.sendText(Phone.ackFor(Phone.pushId(frame)), true).join();
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }

    @Test
    void aQueryThatIsWronglySignedStaleReplayedOrForAnotherDeviceIsRefused() {
        Phone phone = new Phone("acme", "browser-refused-" + UUID.randomUUID()).register();
        Phone other = new Phone("acme", "browser-other-" + UUID.randomUUID()).register();
        long now = Instant.now().getEpochSecond();

        assertRefused(phone, "");
        assertRefused(phone, query(phone, DeviceKeyPair.generate(), now, UUID.randomUUID().toString()));
        assertRefused(phone, query(phone, phone.keys, now - 600, UUID.randomUUID().toString()));
        // Another device's valid signature does not open this device's stream.
        assertRefused(phone, query(other, other.keys, now, UUID.randomUUID().toString()));

        String once = query(phone, phone.keys, now, UUID.randomUUID().toString());
        open(phone, once, new CopyOnWriteArrayList<>()).sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        assertRefused(phone, once);

        // A nonce spent by a header-signed handshake cannot be used again in a query.
        String nonce = UUID.randomUUID().toString();
        phone.connect(baseUri, phone.signedHeaders(phone.keys, now, nonce)).disconnect();
        assertRefused(phone, query(phone, phone.keys, now, nonce));
    }

    /** The query the web app builds: the statement signed is that of GET and the path without the query. */
    private static String query(Phone phone, DeviceKeyPair signer, long timestamp, String nonce) {
        SignedRequest request = SignedRequest.of("GET", phone.path(), phone.deviceId, timestamp, nonce, new byte[0]);
        return "?device=" + phone.deviceId + "&timestamp=" + timestamp + "&nonce=" + nonce
                + "&signature=" + URLEncoder.encode(signer.sign(request.statement()), StandardCharsets.UTF_8);
    }

    private WebSocket open(Phone phone, String query, List<String> frames) {
        URI uri = URI.create("ws://" + baseUri.getRawAuthority() + phone.path() + query);
        return HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                frames.add(data.toString());
                webSocket.request(1);
                return null;
            }
        }).join();
    }

    private void assertRefused(Phone phone, String query) {
        try {
            open(phone, query, new CopyOnWriteArrayList<>()).abort();
            throw new AssertionError("the stream opened with " + (query.isEmpty() ? "no signature" : "a bad query signature"));
        } catch (CompletionException refused) {
            assertThat(refused.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode()).isEqualTo(401);
        }
    }
}
