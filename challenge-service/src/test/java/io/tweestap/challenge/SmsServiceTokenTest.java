package io.tweestap.challenge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tweestap.events.enrollment.PhoneRegistered;
import io.tweestap.testkit.EventPublisher;
import io.tweestap.testkit.OnVertx;
import io.tweestap.testkit.TestTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The tokens this service mints for sms-service (decision 0009): addressed to sms-service alone,
 * for the sign-in's tenant, with only {@code sms:write}, living two minutes.
 */
@QuarkusTest
class SmsServiceTokenTest {

    private final SignInPlatform acme = new SignInPlatform("acme");

    @Test
    void theSendAndTheCheckCarryATokenAddressedToSmsServiceWithOnlyItsScope() {
        WireMock sms = new WireMock("127.0.0.1", SmsServiceStandIn.port());
        String user = "token-" + UUID.randomUUID() + "@acme.example";
        String phoneId = registerPhone(user);
        String verificationId = UUID.randomUUID().toString();
        String send = "/api/v1/phones/" + phoneId + "/verifications";
        String check = "/api/v1/phone-verifications/" + verificationId + "/check";
        sms.register(post(urlEqualTo(send)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"verificationId\":\"" + verificationId + "\"}")));
        sms.register(post(urlEqualTo(check)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"verificationId\":\"" + verificationId + "\",\"status\":\"VERIFIED\"}")));

        String challengeId = acme.create(Map.of("userId", user, "purpose", "SIGN_IN", "method", "SMS"))
                .then().statusCode(201).extract().path("challengeId");
        given().auth().oauth2(TestTokens.forTenant("acme", "challenge:write")).contentType(ContentType.JSON)
                .body(Map.of("code", "123456")).when().post("/api/v1/challenges/{id}/sms-code", challengeId)
                .then().statusCode(200);

        for (String path : List.of(send, check)) {
            List<LoggedRequest> requests = sms.find(postRequestedFor(urlEqualTo(path)));
            assertThat(requests).as(path).hasSize(1);
            JsonObject claims = claims(requests.get(0).getHeader("Authorization"));
            Object audience = claims.getValue("aud");
            assertThat(audience instanceof JsonArray list ? list.getList() : List.of(audience)).as(path)
                    .containsExactly("sms-service");
            assertThat(claims.getString("scope")).as(path).isEqualTo("sms:write");
            assertThat(claims.getString("tenant")).isEqualTo("acme");
            assertThat(claims.getString("sub")).isEqualTo("challenge-service");
            assertThat(claims.getLong("exp") - claims.getLong("iat")).isBetween(1L, 120L);
        }
    }

    private static JsonObject claims(String authorization) {
        assertThat(authorization).startsWith("Bearer ");
        String payload = authorization.substring("Bearer ".length()).split("\\.")[1];
        return new JsonObject(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }

    private static String registerPhone(String user) {
        String phoneId = UUID.randomUUID().toString();
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new PhoneRegistered("acme", user, Instant.now(), phoneId, "+31 6 ****5678", UUID.randomUUID().toString()),
                    UUID.randomUUID().toString(), phoneId);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> OnVertx.<Long>await(() -> Panache.withSession(() ->
                Panache.getSession().chain(session -> session
                        .createNativeQuery("SELECT count(*) FROM user_phone WHERE phone_id = :id", Long.class)
                        .setParameter("id", phoneId).getSingleResult()))) == 1L);
        return phoneId;
    }
}
