package io.tweestap.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.events.EventCatalogue;
import io.tweestap.events.sms.SmsVerificationFailed;
import io.tweestap.events.sms.SmsVerified;
import io.tweestap.testkit.EventPublisher;
import io.tweestap.testkit.EventStreamReadings;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * enrollment-service reads the SMS events for one thing, an enrolment's code verified: the rest of
 * the topic (every sign-in's and API caller's codes, right and wrong) costs it no transaction and
 * leaves no inbox row (decision 0123).
 */
@QuarkusTest
class SmsEventsTest {

    private static final String CONSUMER = "enrollment-service";

    @Test
    void smsEventsOfOtherPurposesAreAcknowledgedWithoutAnInboxRow() {
        String user = "sms-events-" + UUID.randomUUID() + "@acme.example";
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        SmsVerified signIn = new SmsVerified("acme", user, now, UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), "+31 6 ****** 78", "SIGN_IN");
        SmsVerificationFailed wrongCode = new SmsVerificationFailed("acme", user, now, UUID.randomUUID().toString(),
                "wrong-code", 4);
        String verifiedType = EventCatalogue.typeOf(signIn).ceType();
        String failedType = EventCatalogue.typeOf(wrongCode).ceType();
        double verifiedBefore = EventStreamReadings.consumed(CONSUMER, verifiedType, "not-of-interest");
        double failedBefore = EventStreamReadings.consumed(CONSUMER, failedType, "not-of-interest");
        String signInId = UUID.randomUUID().toString();
        String wrongCodeId = UUID.randomUUID().toString();
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(signIn, signInId, user);
            publisher.publish(wrongCode, wrongCodeId, user);
        }

        await().atMost(Duration.ofSeconds(30)).until(() ->
                EventStreamReadings.consumed(CONSUMER, verifiedType, "not-of-interest") > verifiedBefore
                        && EventStreamReadings.consumed(CONSUMER, failedType, "not-of-interest") > failedBefore);
        assertThat(Journey.sqlText("SELECT count(*)::text FROM inbox WHERE event_id IN ('" + signInId + "', '"
                + wrongCodeId + "')")).isEqualTo("0");
    }
}
