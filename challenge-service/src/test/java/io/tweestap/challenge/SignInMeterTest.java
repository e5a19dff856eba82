package io.tweestap.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's sign-in outcomes count sign-ins only: the setup wizard's test pushes, approved or
 * denied, leave {@code tweestap_sign_ins_total} as it was; each sign-in decided adds one under its
 * outcome, reason and method.
 */
@QuarkusTest
class SignInMeterTest {

    private final SignInPlatform acme = new SignInPlatform("acme");

    @Inject
    MeterRegistry registry;

    @Test
    void signInsAreCountedByOutcomeAndTestPushesAreNot() {
        TestPhone phone = TestPhone.registeredFor("acme", "meter-" + UUID.randomUUID() + "@acme.example");
        double approved = count("approved", "none");
        double denied = count("denied", "user_denied");
        double wrongNumber = count("denied", "wrong_number");
        double cancelled = count("cancelled", "none");

        Response firstTest = testPush(phone);
        phone.answer(firstTest.path("challengeId"), Decision.DENY, null).then().statusCode(200)
                .body("status", equalTo("DENIED"));
        Response secondTest = testPush(phone);
        phone.answer(secondTest.path("challengeId"), Decision.APPROVE, secondTest.path("numberToShow")).then().statusCode(200)
                .body("status", equalTo("APPROVED"));
        assertThat(count("approved", "none")).as("test pushes approved").isEqualTo(approved);
        assertThat(count("denied", "user_denied")).as("test pushes denied").isEqualTo(denied);

        phone.verify();
        Response signIn = acme.requestSignIn(phone.userId).then().statusCode(201).extract().response();
        phone.answer(signIn.path("challengeId"), Decision.APPROVE, signIn.path("numberToShow")).then().statusCode(200);
        Response mistyped = acme.requestSignIn(phone.userId).then().statusCode(201).extract().response();
        String number = mistyped.path("numberToShow");
        phone.answer(mistyped.path("challengeId"), Decision.APPROVE, number.equals("10") ? "11" : "10").then().statusCode(200)
                .body("reason", equalTo("WRONG_NUMBER"));
        Response withdrawn = acme.requestSignIn(phone.userId).then().statusCode(201).extract().response();
        acme.cancel(withdrawn.path("challengeId")).then().statusCode(200);

        assertThat(count("approved", "none")).isEqualTo(approved + 1);
        assertThat(count("denied", "wrong_number")).isEqualTo(wrongNumber + 1);
        assertThat(count("cancelled", "none")).isEqualTo(cancelled + 1);
        assertThat(count("denied", "user_denied")).isEqualTo(denied);
    }

    private Response testPush(TestPhone phone) {
        return acme.create(Map.of("userId", phone.userId, "purpose", "ENROLLMENT_TEST", "deviceId", phone.deviceId))
                .then().statusCode(201).extract().response();
    }

    private double count(String outcome, String reason) {
        Counter counter = registry.find("tweestap.sign.ins").tags("outcome", outcome, "reason", reason, "method", "push").counter();
        return counter == null ? 0 : counter.count();
    }
}
