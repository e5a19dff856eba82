package io.tweestap.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tweestap.challenge.domain.KnownDevice;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;
import io.tweestap.testkit.OnVertx;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Only a device whose test push was approved (DeviceVerified) gets and answers sign-in
 * challenges; the device being set up still gets and answers its test push (decision 0047).
 */
@QuarkusTest
class VerifiedDevicesTest {

    private final SignInPlatform acme = new SignInPlatform("acme");

    @Test
    void aRegisteredDeviceGetsSignInsOnlyOnceItsTestPushWasApproved() {
        TestPhone phone = TestPhone.registeredFor("acme", newUser());

        acme.requestSignIn(phone.userId).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/no-active-device"));

        Response test = acme.create(Map.of("userId", phone.userId, "purpose", "ENROLLMENT_TEST", "deviceId", phone.deviceId))
                .then().statusCode(201).extract().response();
        phone.answer(test.path("challengeId"), Decision.APPROVE, test.path("numberToShow")).then().statusCode(200)
                .body("status", equalTo("APPROVED"));

        phone.verify();
        Response signIn = acme.requestSignIn(phone.userId).then().statusCode(201).extract().response();
        phone.answer(signIn.path("challengeId"), Decision.APPROVE, signIn.path("numberToShow")).then().statusCode(200)
                .body("status", equalTo("APPROVED"));
    }

    @Test
    void anUnverifiedDeviceIsNotAskedAndItsSignedAnswerIsRefused() {
        String user = newUser();
        TestPhone verified = TestPhone.verifiedFor("acme", user);
        TestPhone shoulderSurfed = TestPhone.registeredFor("acme", user);
        Response created = acme.requestSignIn(user).then().statusCode(201).extract().response();
        String challengeId = created.path("challengeId");
        String number = created.path("numberToShow");

        shoulderSurfed.listPending().then().statusCode(200).body("$", org.hamcrest.Matchers.hasSize(0));
        // Even holding the server nonce (here read from the verified phone) and the number, its answer does not count.
        String nonce = verified.serverNonceOf(challengeId);
        shoulderSurfed.sendAnswer(challengeId, Decision.APPROVE, number,
                        shoulderSurfed.signAnswer(challengeId, nonce, Decision.APPROVE, number))
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/device-not-verified"));
        acme.status(challengeId, 0).then().body("status", equalTo("PENDING"));

        verified.answer(challengeId, Decision.APPROVE, number).then().statusCode(200).body("status", equalTo("APPROVED"));
    }

    @Test
    void aVerificationThatOvertakesItsRegistrationIsKept() {
        TestPhone phone = TestPhone.unannouncedFor("acme", newUser());
        phone.publishVerified();
        await().atMost(Duration.ofSeconds(30)).until(() -> device(phone) != null);
        assertThat(device(phone).active).isFalse();
        acme.requestSignIn(phone.userId).then().statusCode(409);

        phone.publishRegistered();
        phone.awaitKnown(true);
        acme.requestSignIn(phone.userId).then().statusCode(201);
    }

    @Test
    void aRemovedDeviceStaysRemovedWhateverVerificationComesLate() {
        TestPhone phone = TestPhone.verifiedFor("acme", newUser());
        phone.remove();
        phone.publishVerified();
        TestPhone marker = TestPhone.verifiedFor("acme", phone.userId);
        // The marker's verification was applied after the late one (same partition): nothing revived the removed phone.
        assertThat(device(phone).active).isFalse();
        Response created = acme.requestSignIn(phone.userId).then().statusCode(201).extract().response();
        phone.listPending().then().statusCode(401);
        marker.answer(created.path("challengeId"), Decision.APPROVE, created.path("numberToShow")).then().statusCode(200);
    }

    private static KnownDevice device(TestPhone phone) {
        return OnVertx.await(() -> Panache.withSession(() -> KnownDevice.<KnownDevice>findById(phone.deviceId)));
    }

    private static String newUser() {
        return "verified-" + UUID.randomUUID() + "@acme.example";
    }
}
