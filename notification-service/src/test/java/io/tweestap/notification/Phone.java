package io.tweestap.notification;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.WebSocketClientConnection;
import io.tweestap.devicekeys.DeviceKeyPair;
import io.tweestap.devicekeys.SignedRequest;
import io.tweestap.events.enrollment.DeviceRegistered;
import io.tweestap.events.enrollment.DeviceVerified;
import io.tweestap.events.enrollment.PushChannel;
import io.tweestap.testkit.EventPublisher;
import io.tweestap.testkit.OnVertx;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * An authenticator in a test: its own P-256 key, registered through Kafka, opening its signed
 * stream, acknowledging each frame it reads by its {@code pushId} (unless told not to, like an older app).
 */
public final class Phone {

    public final String tenantId;
    public final String userId;
    public final String deviceId = UUID.randomUUID().toString();
    public final DeviceKeyPair keys = DeviceKeyPair.generate();
    /** Frames with the System.nanoTime() they arrived at, in arrival order. */
    public final List<Frame> frames = new CopyOnWriteArrayList<>();
    public final CountDownLatch closed = new CountDownLatch(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private volatile boolean acking = true;
    private WebSocketClientConnection connection;

    public record Frame(String text, long receivedNanos) {
    }

    public Phone(String tenantId, String userId) {
        this.tenantId = tenantId;
        this.userId = userId;
    }

    public String path() {
        return "/api/v1/devices/" + deviceId + "/stream";
    }

    /**
     * A device that passed its setup test push: publishes DeviceRegistered, then DeviceVerified, and
     * waits until the directory knows the device, verified, with exactly these channels, so
     * registering again (say, with a new provider token) is also applied on return.
     */
    public Phone register(PushChannel... channels) {
        registerUnverified(channels);
        return verify();
    }

    /** A device whose key is bound but whose test push was never approved (DeviceRegistered only). */
    public Phone registerUnverified(PushChannel... channels) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new DeviceRegistered(tenantId, userId, now, deviceId, UUID.randomUUID().toString(),
                    "Test phone", "android", keys.publicKeyBase64(), List.of(channels)), UUID.randomUUID().toString(), deviceId);
        }
        Set<String> expected = Arrays.stream(channels).map(channel -> channel.kind() + ":" + channel.address())
                .collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(activeInDirectory())
                && expected.equals(Set.copyOf(activeChannels())));
        return this;
    }

    /** Publishes DeviceVerified (the test push approved) and waits until the directory has applied it. */
    public Phone verify() {
        publishVerified();
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(verifiedInDirectory()));
        return this;
    }

    /** DeviceVerified on the topic, without waiting for anything. */
    public void publishVerified() {
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new DeviceVerified(tenantId, userId, Instant.now().truncatedTo(ChronoUnit.MICROS), deviceId,
                    UUID.randomUUID().toString()), UUID.randomUUID().toString(), deviceId);
        }
    }

    /** Null while the directory does not know the device. */
    public Boolean verifiedInDirectory() {
        return OnVertx.<Boolean>await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT bool_or(verified) FROM device WHERE device_id = :id", Boolean.class)
                .setParameter("id", deviceId).getSingleResult())));
    }

    public Boolean activeInDirectory() {
        return OnVertx.<Boolean>await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT coalesce(bool_or(active), false) FROM device WHERE device_id = :id", Boolean.class)
                .setParameter("id", deviceId).getSingleResult())));
    }

    /** {@code kind:address} of each active provider channel the directory holds for the device. */
    public List<String> activeChannels() {
        return OnVertx.<List<String>>await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT kind || ':' || address FROM device_channel WHERE device_id = :id AND active", String.class)
                .setParameter("id", deviceId).getResultList())));
    }

    /** Headers of a correctly signed stream request with a fresh nonce. */
    public Map<String, String> signedHeaders() {
        return signedHeaders(keys, Instant.now().getEpochSecond(), UUID.randomUUID().toString());
    }

    public Map<String, String> signedHeaders(DeviceKeyPair signer, long timestamp, String nonce) {
        SignedRequest request = SignedRequest.of("GET", path(), deviceId, timestamp, nonce, new byte[0]);
        return Map.of(
                SignedRequest.DEVICE_HEADER, deviceId,
                SignedRequest.TIMESTAMP_HEADER, Long.toString(timestamp),
                SignedRequest.NONCE_HEADER, nonce,
                SignedRequest.SIGNATURE_HEADER, signer.sign(request.statement()));
    }

    public Phone connect(URI baseUri) {
        return connect(baseUri, signedHeaders());
    }

    /** @throws RuntimeException when the service refuses the handshake */
    public Phone connect(URI baseUri, Map<String, String> headers) {
        BasicWebSocketConnector connector = BasicWebSocketConnector.create().baseUri(baseUri).path(path())
                .onTextMessage((c, text) -> {
                    frames.add(new Frame(text, System.nanoTime()));
                    String pushId = pushId(text);
                    if (acking && pushId != null) {
                        c.sendText(ackFor(pushId)).subscribe().with(sent -> { }, failure -> { });
                    }
                })
                .onClose((c, reason) -> closed.countDown());
        headers.forEach(connector::addHeader);
        connection = connector.connectAndAwait();
        return this;
    }

    /** From now on frames are read and dropped without an ack: a lost frame, or an app older than acks. */
    public Phone neverAcking() {
        acking = false;
        return this;
    }

    /** Acknowledges every frame again from now on, as a current app does. */
    public Phone acknowledging() {
        acking = true;
        return this;
    }

    /** Sends an ack for any push id, as this device's stream. */
    public void ack(String pushId) {
        connection.sendTextAndAwait(ackFor(pushId));
    }

    public static String ackFor(String pushId) {
        return "{\"type\":\"ack\",\"pushId\":\"" + pushId + "\"}";
    }

    /** The push id a frame carries, or null. */
    public static String pushId(String frame) {
        try {
            JsonNode node = JSON.readTree(frame);
            return node.hasNonNull("pushId") ? node.get("pushId").asText() : null;
        } catch (IOException unreadable) {
            return null;
        }
    }

    public void disconnect() {
        if (connection != null && connection.isOpen()) {
            connection.closeAndAwait();
        }
    }

    public List<String> texts() {
        List<String> texts = new ArrayList<>();
        frames.forEach(frame -> texts.add(frame.text()));
        return texts;
    }

    public Frame awaitFrame(Predicate<String> wanted) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> frames.stream().filter(frame -> wanted.test(frame.text())).findFirst().orElse(null),
                found -> found != null);
    }

    public long count(Predicate<String> matching) {
        return frames.stream().filter(frame -> matching.test(frame.text())).count();
    }
}
