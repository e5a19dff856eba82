package io.tweestap.challenge;

import io.restassured.response.Response;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;

/** Lets the benchmark package drive a registered phone and its platform. */
public final class TestPhoneAccess {

    private final TestPhone phone;
    private final SignInPlatform platform;

    private TestPhoneAccess(TestPhone phone, SignInPlatform platform) {
        this.phone = phone;
        this.platform = platform;
    }

    public static TestPhoneAccess registered(String tenantId, String userId) {
        return new TestPhoneAccess(TestPhone.verifiedFor(tenantId, userId), new SignInPlatform(tenantId));
    }

    public Response requestSignIn() {
        return platform.requestSignIn(phone.userId).then().statusCode(201).extract().response();
    }

    public Response longPoll(String challengeId) {
        return platform.status(challengeId, 25);
    }

    public String serverNonce(String challengeId) {
        return phone.serverNonceOf(challengeId);
    }

    public void approve(String challengeId, String nonce, String number) {
        phone.sendAnswer(challengeId, Decision.APPROVE, number, phone.signAnswer(challengeId, nonce, Decision.APPROVE, number))
                .then().statusCode(200);
    }
}
