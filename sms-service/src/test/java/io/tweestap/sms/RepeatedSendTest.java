package io.tweestap.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.sms.domain.CodeSend;
import io.tweestap.sms.service.VonageHandover;
import io.tweestap.testkit.OnVertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A send whose answer was lost (the instance died, the balancer answered 502) is asked again with
 * the same Idempotency-Key: the caller gets the verification the first request started, and the
 * phone gets one code, however long after the first the repeat comes (decision 0098).
 */
@QuarkusTest
class RepeatedSendTest {

    @Inject
    TestClock clock;

    @Inject
    VonageHandover handover;

    @Test
    void aSendRepeatedWithItsKeyGetsTheSameVerificationAndNoSecondCode() {
        String number = TestNumbers.dutchMobile();
        String msisdn = TestNumbers.msisdn(number);
        String user = "noor-" + UUID.randomUUID() + "@acme.example";
        String phoneId = verifiedPhone(user, number);
        String signIn = UUID.randomUUID().toString();

        clock.advance(Duration.ofSeconds(61));
        String first = SmsApi.sendToPhone("acme", phoneId, user, "SMS", signIn)
                .then().statusCode(201).extract().path("verificationId");
        assertThat(VonageSandbox.smsTo(msisdn)).hasSize(2);

        // Past the resend pause, when the limits alone would let a second text go: the key still holds it back.
        clock.advance(Duration.ofSeconds(61));
        SmsApi.sendToPhone("acme", phoneId, user, "SMS", signIn)
                .then().statusCode(201).body("verificationId", equalTo(first)).body("phoneId", equalTo(phoneId));
        assertThat(VonageSandbox.smsTo(msisdn)).hasSize(2);

        // Its code is the one that verifies.
        SmsApi.check("acme", first, VonageSandbox.smsTo(msisdn).get(1).code()).then().statusCode(200);

        // Another sign-in, another key: a new code.
        String next = SmsApi.sendToPhone("acme", phoneId, user, "SMS", UUID.randomUUID().toString())
                .then().statusCode(201).extract().path("verificationId");
        assertThat(next).isNotEqualTo(first);
        assertThat(VonageSandbox.smsTo(msisdn)).hasSize(3);
    }

    @Test
    void aKeyUsedForAnotherSendOrMalformedIsRefused() {
        String number = TestNumbers.dutchMobile();
        String user = "pim-" + UUID.randomUUID() + "@acme.example";
        String phoneId = verifiedPhone(user, number);
        String key = UUID.randomUUID().toString();
        clock.advance(Duration.ofSeconds(61));
        SmsApi.sendToPhone("acme", phoneId, user, "SMS", key).then().statusCode(201);

        clock.advance(Duration.ofSeconds(61));
        SmsApi.sendToPhone("acme", phoneId, user, "VOICE", key)
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/idempotency-key-reused"));
        SmsApi.sendToPhone("acme", phoneId, user, "SMS", "not a key")
                .then().statusCode(400).contentType("application/problem+json");
        SmsApi.sendToPhone("acme", phoneId, user, "SMS", "k".repeat(65))
                .then().statusCode(400).contentType("application/problem+json");
        assertThat(VonageSandbox.smsTo(TestNumbers.msisdn(number))).hasSize(2);
        assertThat(VonageSandbox.callsTo(TestNumbers.msisdn(number))).isEmpty();
    }

    @Test
    void aKeyOfAnotherTenantStartsNothingOfTheirs() {
        String number = TestNumbers.dutchMobile();
        String user = "ria-" + UUID.randomUUID() + "@acme.example";
        String phoneId = verifiedPhone(user, number);
        String key = UUID.randomUUID().toString();
        clock.advance(Duration.ofSeconds(61));
        SmsApi.sendToPhone("acme", phoneId, user, "SMS", key).then().statusCode(201);
        // Another tenant's call with the same key is about its own phones: Ria's is not one of them.
        SmsApi.sendToPhone("globex", phoneId, user, "SMS", key).then().statusCode(404);
        assertThat(VonageSandbox.smsTo(TestNumbers.msisdn(number))).hasSize(2);
    }

    /**
     * The reserving commit answered with a failure (the database went away at that moment) but went
     * through: the send row is {@code PENDING} and nothing went to Vonage. The instance marks it as
     * never handed over once the database is back, and the caller's repeat then sends the code.
     */
    @Test
    void aSendNeverHandedToVonageIsSentByTheRepeat() {
        String number = TestNumbers.dutchMobile();
        String msisdn = TestNumbers.msisdn(number);
        String user = "sem-" + UUID.randomUUID() + "@acme.example";
        String phoneId = verifiedPhone(user, number);
        String key = UUID.randomUUID().toString();
        clock.advance(Duration.ofSeconds(61));
        String verificationId = SmsApi.sendToPhone("acme", phoneId, user, "SMS", key).then().statusCode(201)
                .extract().path("verificationId");
        CodeSend sent = sendOf(verificationId);
        // A send that Vonage did take is not marked.
        assertThat(OnVertx.await(() -> handover.markNeverHandedOver(sent.id))).isZero();

        // As the lost commit would have left it: reserved, never handed over.
        OnVertx.await(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("UPDATE code_send SET status = 'PENDING', provider_id = NULL WHERE id = :id")
                .setParameter("id", sent.id).executeUpdate())));
        assertThat(OnVertx.await(() -> handover.markNeverHandedOver(sent.id))).isEqualTo(1);

        clock.advance(Duration.ofSeconds(61));
        SmsApi.sendToPhone("acme", phoneId, user, "SMS", key)
                .then().statusCode(201).body("verificationId", equalTo(verificationId));
        List<VonageSandbox.Sms> texts = VonageSandbox.smsTo(msisdn);
        assertThat(texts).hasSize(3);
        SmsApi.check("acme", verificationId, texts.get(2).code()).then().statusCode(200);
    }

    private static CodeSend sendOf(String verificationId) {
        return OnVertx.await(() -> Panache.withSession(() -> CodeSend.<CodeSend>find(
                "verificationId = ?1 order by sentAt", UUID.fromString(verificationId)).firstResult()));
    }

    private static String verifiedPhone(String user, String number) {
        var created = SmsApi.start("acme", user, number, "SMS", "en").then().statusCode(201).extract();
        SmsApi.check("acme", created.path("verificationId"), VonageSandbox.smsTo(TestNumbers.msisdn(number)).get(0).code())
                .then().statusCode(200);
        return created.path("phoneId");
    }
}
