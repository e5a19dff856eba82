package io.tweestap.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
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

    private static String verifiedPhone(String user, String number) {
        var created = SmsApi.start("acme", user, number, "SMS", "en").then().statusCode(201).extract();
        SmsApi.check("acme", created.path("verificationId"), VonageSandbox.smsTo(TestNumbers.msisdn(number)).get(0).code())
                .then().statusCode(200);
        return created.path("phoneId");
    }
}
