package io.tweestap.enrollment;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.devicekeys.DeviceKeyPair;
import io.tweestap.enrollment.domain.SecretToken;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The tokens this service mints for the services it calls (decision 0009): each addressed to the
 * one service it calls, for the user's tenant, with only the scope of the call, two minutes.
 */
@QuarkusTest
class OutgoingTokensTest {

    @Test
    void theTestPushAndThePhoneStepEachCarryATokenForTheCalledServiceOnly() {
        WireMock standIns = new WireMock("127.0.0.1", Integer.getInteger(ServiceStandIns.PORT_PROPERTY));
        String user = "tokens-" + UUID.randomUUID() + "@acme.example";
        String session = Journey.openWizard(Journey.link("acme", user));
        Journey.activate(Journey.activationCode(session), DeviceKeyPair.generate(), "Tokens").then().statusCode(201);

        given().cookie("tweestap_setup", session).when().get("/setup/test").then().statusCode(200);
        given().cookie("tweestap_setup", session).redirects().follow(false)
                .formParam("csrf", SecretToken.hashOf("tweestap-csrf-v1:" + session)).formParam("region", "NL")
                .formParam("number", "0612345678").formParam("channel", "SMS")
                .when().post("/setup/phone").then().statusCode(303);

        assertToken(standIns.find(postRequestedFor(urlEqualTo("/api/v1/challenges"))
                .withRequestBody(matchingJsonPath("$.userId", WireMock.equalTo(user)))), "challenge-service", "challenge:write");
        assertToken(standIns.find(postRequestedFor(urlEqualTo("/api/v1/phone-verifications"))
                .withRequestBody(matchingJsonPath("$.userId", WireMock.equalTo(user)))), "sms-service", "sms:write");
    }

    private static void assertToken(List<LoggedRequest> requests, String audience, String scope) {
        assertThat(requests).as(audience).isNotEmpty();
        for (LoggedRequest request : requests) {
            String bearer = request.getHeader("Authorization");
            assertThat(bearer).startsWith("Bearer ");
            JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder()
                    .decode(bearer.substring("Bearer ".length()).split("\\.")[1]), StandardCharsets.UTF_8));
            Object aud = claims.getValue("aud");
            assertThat(aud instanceof JsonArray list ? list.getList() : List.of(aud)).as(audience).containsExactly(audience);
            assertThat(claims.getString("scope")).as(audience).isEqualTo(scope);
            assertThat(claims.getString("tenant")).isEqualTo("acme");
            assertThat(claims.getString("sub")).isEqualTo("enrollment-service");
            assertThat(claims.getLong("exp") - claims.getLong("iat")).isBetween(1L, 120L);
        }
    }
}
