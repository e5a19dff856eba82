package io.tweestap.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.devicekeys.DeviceKeyPair;
import io.tweestap.events.EventCatalogue;
import io.tweestap.events.TweestapEvent;
import io.tweestap.events.enrollment.DeviceRegistered;
import io.tweestap.events.enrollment.DeviceRemoved;
import io.tweestap.events.enrollment.PhoneRegistered;
import io.tweestap.events.enrollment.PhoneRemoved;
import io.tweestap.events.enrollment.PushChannel;
import io.tweestap.events.enrollment.RegistrationReset;
import io.tweestap.testkit.DatabaseOutage;
import io.tweestap.testkit.EventPublisher;
import io.tweestap.testkit.EventStreamReadings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 5, decision 0008: a database outage longer than the old retry budget (about 6 s)
 * while enrollment events arrive. Before, the inbox parked them on the dead-letter topic, and a lost
 * DeviceRemoved or RegistrationReset left a removed device trusted. Now the record is held in place
 * until the database is back, and every event is applied exactly once, in order, by a consumer that
 * held its record for more than a minute and is still in its group.
 *
 * <p>The outage is this application's only: its reactive datasource goes through
 * {@link DatabaseOutage}, a forwarder the test cuts (connections dropped, new ones refused) and
 * restores; the machine's PostgreSQL, shared with other test runs, keeps running. The test reads
 * the database over its own JDBC connection, straight to the server.
 */
@QuarkusTest
@QuarkusTestResource(value = DatabaseOutage.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "challenge_test"))
class InboxOutageTest {

    private static final String CONSUMER = "challenge-service";
    /**
     * Longer than the old budget of 6 tries (about 6 s), and longer than the 60 s after which SmallRye's
     * throttled commit strategy would call the held record a fatal failure and close the consumer:
     * the test also proves the consumer is still consuming after holding a record that long.
     */
    private static final Duration OUTAGE = Duration.ofSeconds(70);

    @Test
    void eventsArrivingDuringADatabaseOutageAreAppliedOnceWhenItIsBackAndNoneIsDeadLettered() throws Exception {
        String tenant = "acme";
        String lost = "outage-lost-" + UUID.randomUUID() + "@acme.example";
        String reset = "outage-reset-" + UUID.randomUUID() + "@acme.example";
        DeviceRegistered lostPhone = device(tenant, lost);
        DeviceRegistered resetPhone = device(tenant, reset);
        Map<String, TweestapEvent> sent = new LinkedHashMap<>();
        try (EventPublisher publisher = new EventPublisher()) {
            publish(publisher, sent, lostPhone);
            publish(publisher, sent, resetPhone);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> deviceActive(lostPhone.deviceId()) == Boolean.TRUE
                && deviceActive(resetPhone.deviceId()) == Boolean.TRUE);

        double parkedBefore = deadLettered();
        double retriesBefore = EventStreamReadings.inboxRetries(CONSUMER);
        List<PhoneRegistered> phones = new ArrayList<>();
        PhoneRegistered removedPhone = phone(tenant, "outage-order-" + UUID.randomUUID() + "@acme.example");
        String redelivered = UUID.randomUUID().toString();
        DatabaseOutage.current().begin();
        try {
            try (EventPublisher publisher = new EventPublisher()) {
                publish(publisher, sent, new DeviceRemoved(tenant, lost, now(), lostPhone.deviceId(), "lost"));
                publish(publisher, sent, new RegistrationReset(tenant, reset, now(), "helpdesk@acme.example"));
                for (int i = 0; i < 5; i++) {
                    PhoneRegistered phone = phone(tenant, "outage-" + i + "-" + UUID.randomUUID() + "@acme.example");
                    phones.add(phone);
                    publish(publisher, sent, phone);
                }
                // Order within a user: registered, then removed; applied out of order the phone would stay.
                publisher.publish(removedPhone, redelivered, removedPhone.userId());
                sent.put(redelivered, removedPhone);
                publish(publisher, sent, new PhoneRemoved(tenant, removedPhone.userId(), now(), removedPhone.phoneId(),
                        removedPhone.maskedNumber(), "removed-by-user", UUID.randomUUID().toString()));
                // The same event again, as a relay crash would send it: still applied once.
                publisher.publish(removedPhone, redelivered, removedPhone.userId());
            }
            // Held through the whole outage: nothing is parked, and the inbox keeps trying.
            await().during(OUTAGE).atMost(OUTAGE.plusSeconds(5))
                    .until(() -> deadLettered() == parkedBefore);
            assertThat(EventStreamReadings.inboxRetries(CONSUMER)).as("transient failures retried")
                    .isGreaterThan(retriesBefore);
            assertThat(deviceActive(lostPhone.deviceId())).as("nothing applied while the database was away").isTrue();
        } finally {
            DatabaseOutage.current().end();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> deviceActive(lostPhone.deviceId()) == Boolean.FALSE
                && deviceActive(resetPhone.deviceId()) == Boolean.FALSE
                && phones.stream().allMatch(phone -> phoneKnown(phone))
                && inboxRows(sent.keySet()) == sent.size());
        assertThat(phoneKnown(removedPhone)).as("the removal was applied after its registration, not before").isFalse();
        for (String eventId : sent.keySet()) {
            assertThat(inboxRows(List.of(eventId))).as("inbox rows of " + eventId).isEqualTo(1);
        }
        assertThat(deadLettered()).as("nothing dead-lettered").isEqualTo(parkedBefore);
    }

    private static void publish(EventPublisher publisher, Map<String, TweestapEvent> sent, TweestapEvent event) {
        String id = UUID.randomUUID().toString();
        publisher.publish(event, id, event.userId());
        sent.put(id, event);
    }

    private static DeviceRegistered device(String tenant, String user) {
        String deviceId = UUID.randomUUID().toString();
        return new DeviceRegistered(tenant, user, now(), deviceId, UUID.randomUUID().toString(), "Outage phone", "android",
                DeviceKeyPair.generate().publicKeyBase64(), List.of(new PushChannel("direct", deviceId)));
    }

    private static PhoneRegistered phone(String tenant, String user) {
        return new PhoneRegistered(tenant, user, now(), UUID.randomUUID().toString(), "+31 6 ****5678",
                UUID.randomUUID().toString());
    }

    private static double deadLettered() {
        return EventCatalogue.ALL.stream()
                .mapToDouble(type -> EventStreamReadings.consumed(CONSUMER, type.ceType(), "dead-lettered"))
                .sum();
    }

    /** Null when the device is unknown. */
    private static Boolean deviceActive(String deviceId) throws SQLException {
        try (Connection db = database();
                PreparedStatement query = db.prepareStatement("SELECT active FROM known_device WHERE device_id = ?")) {
            query.setString(1, deviceId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getBoolean(1) : null;
            }
        }
    }

    private static boolean phoneKnown(PhoneRegistered phone) {
        return count("SELECT count(*) FROM user_phone WHERE tenant_id = ? AND user_id = ? AND phone_id = ?",
                phone.tenantId(), phone.userId(), phone.phoneId()) > 0;
    }

    private static long inboxRows(java.util.Collection<String> eventIds) {
        return eventIds.stream().mapToLong(id -> count(
                "SELECT count(*) FROM inbox WHERE consumer = ? AND event_id = ?", CONSUMER, id)).sum();
    }

    private static long count(String sql, String... parameters) {
        try (Connection db = database(); PreparedStatement query = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Straight to the server, around the forwarder the outage cuts. */
    private static Connection database() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
