package io.tweestap.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.events.enrollment.TemporaryAccessPassIssued;
import io.tweestap.events.enrollment.TemporaryAccessPassRedeemed;
import io.tweestap.testkit.EventPublisher;
import io.tweestap.testkit.OnVertx;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * "The user's other devices are told" (issue 16 item 1): a temporary access pass issued for the
 * user, and spent, is an informational frame on each of the user's verified devices — once per
 * event, never to an unverified device or another user's, never with the pass.
 */
@QuarkusTest
class AccessPassNoticeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI baseUri;

    @Test
    void theUsersVerifiedDevicesAreToldWhenAPassIsIssuedAndWhenItIsSpent() throws Exception {
        String user = "pass-notice-" + UUID.randomUUID();
        Phone held = new Phone("acme", user).register().connect(baseUri);
        Phone unverified = new Phone("acme", user).registerUnverified().connect(baseUri);
        Phone stranger = new Phone("acme", "stranger-" + UUID.randomUUID()).register().connect(baseUri);
        String passId = UUID.randomUUID().toString();
        Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant expiresAt = issuedAt.plusSeconds(3600);
        try (EventPublisher publisher = new EventPublisher()) {
            TemporaryAccessPassIssued issued = new TemporaryAccessPassIssued("acme", user, issuedAt, passId, expiresAt,
                    true, "helpdesk@acme.example");
            publisher.publish(issued, UUID.randomUUID().toString(), passId);
            // The same fact once more under another event id (a relay's retry after the inbox forgot it).
            publisher.publish(issued, UUID.randomUUID().toString(), passId);
            publisher.publish(new TemporaryAccessPassRedeemed("acme", user, issuedAt.plusSeconds(60), passId,
                    UUID.randomUUID().toString()), UUID.randomUUID().toString(), passId);

            JsonNode told = JSON.readTree(held.awaitFrame(text -> text.contains("access-pass") && text.contains("issued")).text());
            JsonNode spent = JSON.readTree(held.awaitFrame(text -> text.contains("access-pass") && text.contains("redeemed")).text());

            assertThat(told.get("passId").asText()).isEqualTo(passId);
            assertThat(Instant.parse(told.get("expiresAt").asText())).isEqualTo(expiresAt);
            assertThat(Instant.parse(told.get("at").asText())).isEqualTo(issuedAt);
            assertThat(fieldNames(told)).containsExactlyInAnyOrder("pushId", "type", "passId", "action", "at", "expiresAt");
            assertThat(spent.get("passId").asText()).isEqualTo(passId);
            assertThat(fieldNames(spent)).containsExactlyInAnyOrder("pushId", "type", "passId", "action", "at");
            // Same user, same partition, applied in order: the repeat was applied before the redemption arrived.
            assertThat(held.count(text -> text.contains("access-pass") && text.contains("\"issued\""))).isEqualTo(1);
            assertThat(accessPassRows(unverified.deviceId)).as("an unverified device is not trusted with notices").isZero();
            assertThat(accessPassRows(stranger.deviceId)).isZero();
            assertThat(accessPassRows(held.deviceId)).isEqualTo(2);
        } finally {
            held.disconnect();
            unverified.disconnect();
            stranger.disconnect();
        }
    }

    private static long accessPassRows(String deviceId) {
        return OnVertx.<Long>await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT count(*) FROM push WHERE device_id = :device AND kind = 'access-pass'", Long.class)
                .setParameter("device", deviceId).getSingleResult())));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
