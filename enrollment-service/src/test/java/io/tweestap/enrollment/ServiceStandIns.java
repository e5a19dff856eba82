package io.tweestap.enrollment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * challenge-service and sms-service as this module's tests see them: WireMock in-process,
 * answering exactly the REST contracts of issue 3, so our real REST clients and tokens run. The
 * application also gets a fixed free port, because the links and QR codes it hands out name it.
 */
public class ServiceStandIns implements QuarkusTestResourceLifecycleManager {

    static final String PORT_PROPERTY = "tweestap.test.standins";
    static final String APP_PORT_PROPERTY = "tweestap.test.app-port";
    /** The code the sms stand-in accepts; 000000 is wrong with attempts left, 111111 exhausts them, 999999 expired. */
    static final String GOOD_CODE = "123456";
    static final String MASKED = "+31 6 ****5678";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        stubChallengeService();
        stubSmsService();
        int appPort = freePort();
        System.setProperty(PORT_PROPERTY, Integer.toString(server.port()));
        System.setProperty(APP_PORT_PROPERTY, Integer.toString(appPort));
        String base = "http://127.0.0.1:" + server.port();
        return Map.of(
                "quarkus.rest-client.challenge-service.url", base,
                "quarkus.rest-client.sms-service.url", base,
                "quarkus.http.test-port", Integer.toString(appPort),
                "tweestap.enrollment.public-url", "http://localhost:" + appPort);
    }

    private void stubChallengeService() {
        server.stubFor(post("/api/v1/challenges").atPriority(5)
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.matching("Bearer .+"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"challengeId\":\"{{randomValue type='UUID'}}\",\"status\":\"PENDING\","
                                + "\"numberToShow\":\"{{randomInt lower=10 upper=99}}\","
                                + "\"expiresAt\":\"{{now offset='60 seconds'}}\"}")
                        .withTransformers("response-template")));
    }

    private void stubSmsService() {
        server.stubFor(post("/api/v1/phone-verifications").atPriority(5)
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.matching("Bearer .+"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"verificationId\":\"{{randomValue type='UUID'}}\",\"phoneId\":\"{{randomValue type='UUID'}}\","
                                + "\"maskedNumber\":\"" + MASKED + "\",\"channel\":\"{{jsonPath request.body '$.channel'}}\","
                                + "\"expiresAt\":\"{{now offset='5 minutes'}}\",\"resendAvailableAt\":\"{{now offset='30 seconds'}}\"}")
                        .withTransformers("response-template")));
        String check = "/api/v1/phone-verifications/[^/]+/check";
        server.stubFor(post(urlPathMatching(check)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.code", equalTo(GOOD_CODE)))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"VERIFIED\",\"phoneId\":\"ignored\",\"maskedNumber\":\"" + MASKED + "\"}")));
        server.stubFor(post(urlPathMatching(check)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.code", equalTo("111111")))
                .willReturn(problem(422, "wrong-code", ",\"attemptsLeft\":0")));
        server.stubFor(post(urlPathMatching(check)).atPriority(1)
                .withRequestBody(matchingJsonPath("$.code", equalTo("999999")))
                .willReturn(problem(410, "verification-expired", "")));
        server.stubFor(post(urlPathMatching(check)).atPriority(5)
                .willReturn(problem(422, "wrong-code", ",\"attemptsLeft\":4")));
        server.stubFor(post(urlPathMatching("/api/v1/phone-verifications/[^/]+/resend")).atPriority(5)
                .willReturn(aResponse().withStatus(202)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder problem(int status, String slug,
            String extra) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"https://tweestap.io/problems/" + slug + "\",\"status\":" + status + extra + "}");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
