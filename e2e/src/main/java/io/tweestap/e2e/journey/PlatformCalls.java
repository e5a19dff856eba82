package io.tweestap.e2e.journey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A platform team's application (the sign-in page of a company portal) calling Tweestap over REST
 * with its bearer token: registration status, enrolment links, sign-in challenges and their long-poll.
 */
public final class PlatformCalls {

    /** An HTTP answer: status and JSON body (a problem document for 4xx/5xx). */
    public record Answer(int status, JsonNode body, java.net.http.HttpHeaders headers) {

        /** Seconds the service asked us to wait ({@code Retry-After}), or -1. */
        public long retryAfterSeconds() {
            return headers.firstValue("Retry-After").map(Long::parseLong).orElse(-1L);
        }

        public String text(String field) {
            JsonNode value = body.get(field);
            return value == null || value.isNull() ? null : value.asText();
        }

        public Answer expect(int expected) {
            if (status != expected) {
                throw new IllegalStateException("expected HTTP " + expected + " but got " + status + ": " + body);
            }
            return this;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TweestapEndpoints endpoints;
    private final PlatformToken tokens;
    private final String tenant;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public PlatformCalls(TweestapEndpoints endpoints, PlatformToken tokens, String tenant) {
        this.endpoints = endpoints;
        this.tokens = tokens;
        this.tenant = tenant;
    }

    public String tenant() {
        return tenant;
    }

    public Answer registration(String userId) {
        return get(endpoints.enrollment(), "/api/v1/users/" + userId + "/registration", "enrollment:read");
    }

    /** Starts an enrolment; the answer's {@code link.url} is what the user's browser opens. */
    public Answer startEnrollment(String userId) {
        return post(endpoints.enrollment(), "/api/v1/enrollments", Map.of("userId", userId), "enrollment:write");
    }

    /** As the platform's sign-in page does when it wants the wizard's "Done" to bring the person back. */
    public Answer startEnrollment(String userId, URI returnUrl) {
        return post(endpoints.enrollment(), "/api/v1/enrollments",
                Map.of("userId", userId, "returnUrl", returnUrl.toString()), "enrollment:write");
    }

    /**
     * Starts enrolments for many users in one call (at most 1000, no user twice): the answer's
     * {@code enrollments[i].link.url} is the wizard of {@code userIds[i]}.
     */
    public Answer startEnrollments(List<String> userIds) {
        return post(endpoints.enrollment(), "/api/v1/enrollment-batches",
                Map.of("enrollments", userIds.stream().map(userId -> Map.of("userId", userId)).toList()), "enrollment:write");
    }

    public Answer methods(String userId) {
        return get(endpoints.enrollment(), "/api/v1/users/" + userId + "/methods", "enrollment:read");
    }

    public Answer signIn(String userId, String application, String ipAddress, String location) {
        return post(endpoints.challenge(), "/api/v1/challenges", Map.of("userId", userId, "purpose", "SIGN_IN",
                "application", application, "ipAddress", ipAddress, "location", location), "challenge:write");
    }

    public Answer signInBySms(String userId, String language) {
        return post(endpoints.challenge(), "/api/v1/challenges", Map.of("userId", userId, "purpose", "SIGN_IN",
                "method", "SMS", "language", language, "application", "Payroll portal"), "challenge:write");
    }

    public Answer submitSmsCode(String challengeId, String code) {
        return post(endpoints.challenge(), "/api/v1/challenges/" + challengeId + "/sms-code", Map.of("code", code), "challenge:write");
    }

    /** The sign-in page withdraws a sign-in (the person closed it, or gave up waiting). */
    public Answer cancel(String challengeId) {
        return post(endpoints.challenge(), "/api/v1/challenges/" + challengeId + "/cancel", Map.of(), "challenge:write");
    }

    /** The sign-in page waiting for the phone: answers the moment the challenge is decided, or after {@code seconds}. */
    public Answer awaitDecision(String challengeId, int seconds) {
        return get(endpoints.challenge(), "/api/v1/challenges/" + challengeId + "?wait=" + seconds, "challenge:read");
    }

    /**
     * sms-service's own API, as enrollment-service calls it for the wizard's phone step: a code by
     * SMS to a Dutch mobile number ({@code 06…}).
     */
    public Answer startPhoneVerification(String userId, String nationalNumber) {
        return post(endpoints.sms(), "/api/v1/phone-verifications", Map.of("userId", userId, "regionCode", "NL",
                "number", nationalNumber, "channel", "SMS", "language", "en", "purpose", "ENROLLMENT"), "sms:write");
    }

    public Answer checkPhoneCode(String verificationId, String code) {
        return post(endpoints.sms(), "/api/v1/phone-verifications/" + verificationId + "/check", Map.of("code", code), "sms:write");
    }

    public Answer challengePolicy(int numberLength, int expirySeconds) {
        return send(HttpRequest.newBuilder(endpoints.challenge().resolve("/api/v1/challenge-policy"))
                .PUT(body(Map.of("numberLength", numberLength, "expirySeconds", expirySeconds))), "challenge:admin");
    }

    /** The help desk issues a temporary access pass (the tenant's default lifetime, one use). */
    public Answer issueAccessPass(String userId) {
        return post(endpoints.enrollment(), "/api/v1/users/" + userId + "/temporary-access-passes", Map.of(), "enrollment:admin");
    }

    /** The sign-in page redeems the pass the person typed: the answer's link opens the setup wizard. */
    public Answer redeemAccessPass(String userId, String code) {
        return post(endpoints.enrollment(), "/api/v1/temporary-access-passes/redemptions",
                Map.of("userId", userId, "code", code), "enrollment:write");
    }

    /** A single-use link to the user's own methods page, for a user the platform has signed in (decision 0090). */
    public Answer methodsPageLink(String userId) {
        return post(endpoints.enrollment(), "/api/v1/users/" + userId + "/methods-page-links", Map.of(), "enrollment:write");
    }

    public Answer unblock(String userId) {
        return post(endpoints.challenge(), "/api/v1/users/" + userId + "/unblock", Map.of(), "challenge:admin");
    }

    private Answer get(URI base, String path, String scope) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), scope);
    }

    private Answer post(URI base, String path, Object body, String scope) {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(body(body)), scope);
    }

    private static HttpRequest.BodyPublisher body(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Answer send(HttpRequest.Builder request, String scope) {
        try {
            HttpResponse<String> response = http.send(request
                    .header("Authorization", "Bearer " + tokens.current(tenant, scope))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .timeout(Duration.ofSeconds(40)).build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            return new Answer(response.statusCode(), text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text),
                    response.headers());
        } catch (IOException e) {
            throw new IllegalStateException("Tweestap did not answer " + request.build().uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
