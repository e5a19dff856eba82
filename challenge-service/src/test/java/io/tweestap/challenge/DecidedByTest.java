package io.tweestap.challenge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;
import io.tweestap.events.EventJson;
import io.tweestap.events.Topic;
import io.tweestap.events.challenge.ChallengeApproved;
import io.tweestap.events.challenge.ChallengeDenied;
import io.tweestap.testkit.TestTokens;
import io.tweestap.testkit.TopicRecords;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The platform sees which method decided a sign-in (decision 0103): the long-poll and the history say so. */
@QuarkusTest
class DecidedByTest {

    private final SignInPlatform acme = new SignInPlatform("acme");
    private WireMock sms;

    @BeforeEach
    void connect() {
        sms = new WireMock("127.0.0.1", SmsServiceStandIn.port());
    }

    @Test
    void aPushApprovedOrDeniedOnThePhoneWasDecidedByThePush() {
        TestPhone phone = TestPhone.verifiedFor("acme", newUser());
        Response approved = acme.requestSignIn(phone.userId).then().statusCode(201).extract().response();
        String challengeId = approved.path("challengeId");
        acme.status(challengeId, 0).then().body("status", equalTo("PENDING")).body("decidedBy", nullValue());
        phone.answer(challengeId, Decision.APPROVE, approved.path("numberToShow")).then().statusCode(200);
        acme.status(challengeId, 1).then().statusCode(200)
                .body("status", equalTo("APPROVED")).body("decidedBy", equalTo("PUSH")).body("deviceId", equalTo(phone.deviceId));

        String denied = acme.requestSignIn(phone.userId).then().statusCode(201).extract().path("challengeId");
        phone.answer(denied, Decision.DENY, null).then().statusCode(200);
        acme.status(denied, 0).then().body("status", equalTo("DENIED")).body("decidedBy", equalTo("PUSH"));
        assertThat(EventJson.read(event(challengeId, "ChallengeApproved"), ChallengeApproved.class).decidedBy()).isEqualTo("PUSH");
        assertThat(EventJson.read(event(denied, "ChallengeDenied"), ChallengeDenied.class).decidedBy()).isEqualTo("PUSH");
        history(phone.userId).then().statusCode(200)
                .body("signIns[0].challengeId", equalTo(denied)).body("signIns[0].decidedBy", equalTo("PUSH"))
                .body("signIns[1].challengeId", equalTo(challengeId)).body("signIns[1].decidedBy", equalTo("PUSH"));
    }

    @Test
    void aCodeApprovedOrFailedWasDecidedByItsChannel() {
        String user = newUser();
        String phoneId = VerifiedPhones.register("acme", user);
        String verificationId = UUID.randomUUID().toString();
        sms.register(post(urlEqualTo("/api/v1/phones/" + phoneId + "/verifications"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"verificationId\":\"" + verificationId + "\"}")));
        sms.register(post(urlEqualTo("/api/v1/phone-verifications/" + verificationId + "/check"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"verificationId\":\"" + verificationId + "\",\"status\":\"VERIFIED\"}")));

        String bySms = acme.create(Map.of("userId", user, "purpose", "SIGN_IN", "method", "SMS"))
                .then().statusCode(201).extract().path("challengeId");
        submit(bySms, "123456").then().statusCode(200).body("decidedBy", equalTo("SMS"));
        acme.status(bySms, 0).then().body("status", equalTo("APPROVED")).body("decidedBy", equalTo("SMS"))
                .body("deviceId", nullValue());

        String byCall = acme.create(Map.of("userId", user, "purpose", "SIGN_IN", "method", "VOICE"))
                .then().statusCode(201).extract().path("challengeId");
        submit(byCall, "123456").then().statusCode(200).body("decidedBy", equalTo("VOICE"));
        history(user).then().body("signIns[0].decidedBy", equalTo("VOICE")).body("signIns[1].decidedBy", equalTo("SMS"));
        assertThat(EventJson.read(event(bySms, "ChallengeApproved"), ChallengeApproved.class).decidedBy()).isEqualTo("SMS");
        assertThat(EventJson.read(event(byCall, "ChallengeApproved"), ChallengeApproved.class).decidedBy()).isEqualTo("VOICE");
    }

    @Test
    void aCancelledSignInWasDecidedByNoMethod() {
        TestPhone phone = TestPhone.verifiedFor("acme", newUser());
        String challengeId = acme.requestSignIn(phone.userId).then().statusCode(201).extract().path("challengeId");
        acme.cancel(challengeId).then().statusCode(200).body("status", equalTo("CANCELLED")).body("decidedBy", nullValue());
    }

    /** The challenge's event of this type, as operations read it from the topic. */
    static String event(String challengeId, String type) {
        try (TopicRecords topic = TopicRecords.of(Topic.CHALLENGE.topicName())) {
            return topic.await(r -> challengeId.equals(TopicRecords.header(r, "ce_subject"))
                    && ("tweestap.challenge." + type + ".v1").equals(TopicRecords.header(r, "ce_type")), Duration.ofSeconds(20)).value();
        }
    }

    private static Response submit(String challengeId, String code) {
        return given().auth().oauth2(TestTokens.forTenant("acme", "challenge:write")).contentType(ContentType.JSON)
                .body(Map.of("code", code)).when().post("/api/v1/challenges/{id}/sms-code", challengeId);
    }

    private static Response history(String userId) {
        return given().auth().oauth2(TestTokens.forTenant("acme", "challenge:admin"))
                .when().get("/api/v1/users/{user}/sign-ins", userId);
    }

    private static String newUser() {
        return "decided-" + UUID.randomUUID() + "@acme.example";
    }
}
