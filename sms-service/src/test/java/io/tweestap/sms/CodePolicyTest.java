package io.tweestap.sms;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tweestap.testkit.TestTokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A tenant's code rules (decision 0102): set by its administrators, kept to safe bounds, applied to its codes only. */
@QuarkusTest
class CodePolicyTest {

    private static final String POLICY = "/api/v1/code-policy";
    private static final String ADMIN = "sms:admin";

    @Inject
    TestClock clock;

    @Test
    void aTenantWithEightDigitCodesGetsEightDigitCodesBySmsAndByCall() {
        String tenant = newTenant();
        set(tenant, 8, 10, 3).then().statusCode(200)
                .body("codeLength", equalTo(8)).body("codeLifetimeMinutes", equalTo(10)).body("maxChecks", equalTo(3))
                .body("defaults", equalTo(false)).body("updatedAt", notNullValue());

        String number = TestNumbers.dutchMobile();
        String verificationId = SmsApi.start(tenant, "anna", number, "SMS", "nl")
                .then().statusCode(201).extract().path("verificationId");
        VonageSandbox.Sms sms = VonageSandbox.smsTo(TestNumbers.msisdn(number)).get(0);
        assertThat(sms.text()).matches("Uw Tweestap-code is \\d{8}\\. Deze code is 10 minuten geldig\\. Deel hem met niemand\\.");
        assertThat(sms.code()).hasSize(8);
        assertThat(sms.form()).containsEntry("ttl", String.valueOf(Duration.ofMinutes(10).toMillis()));

        SmsApi.check(tenant, verificationId, SmsApi.wrong(sms.code())).then().statusCode(422).body("attemptsLeft", equalTo(2));
        SmsApi.check(tenant, verificationId, sms.code().substring(0, 6)).then().statusCode(422).body("attemptsLeft", equalTo(1));
        SmsApi.check(tenant, verificationId, sms.code()).then().statusCode(200).body("status", equalTo("VERIFIED"));

        String called = TestNumbers.dutchMobile();
        SmsApi.start(tenant, "bram", called, "VOICE", "en").then().statusCode(201);
        assertThat(VonageSandbox.callsTo(TestNumbers.msisdn(called)).get(0).code()).hasSize(8);
    }

    @Test
    void aCodeKeepsTheChecksAndLifetimeItWasSentWith() {
        String tenant = newTenant();
        set(tenant, 6, 1, 3).then().statusCode(200);
        String number = TestNumbers.dutchMobile();
        String verificationId = SmsApi.start(tenant, "cees", number, "SMS", "en")
                .then().statusCode(201).extract().path("verificationId");
        String code = VonageSandbox.smsTo(TestNumbers.msisdn(number)).get(0).code();
        // Loosened after the code went out: this code still has its three checks.
        set(tenant, 6, 15, 10).then().statusCode(200);

        for (int left = 2; left >= 0; left--) {
            SmsApi.check(tenant, verificationId, SmsApi.wrong(code)).then().statusCode(422).body("attemptsLeft", equalTo(left));
        }
        SmsApi.check(tenant, verificationId, code).then().statusCode(429)
                .body("type", equalTo("https://tweestap.io/problems/code-locked"));

        String other = TestNumbers.dutchMobile();
        set(tenant, 6, 1, 5).then().statusCode(200);
        String shortLived = SmsApi.start(tenant, "dirk", other, "SMS", "en")
                .then().statusCode(201).extract().path("verificationId");
        VonageSandbox.Sms itsSms = VonageSandbox.smsTo(TestNumbers.msisdn(other)).get(0);
        assertThat(itsSms.text()).contains("It is valid for 1 minute. ");
        String itsCode = itsSms.code();
        clock.advance(Duration.ofMinutes(1));
        SmsApi.check(tenant, shortLived, itsCode).then().statusCode(410)
                .body("type", equalTo("https://tweestap.io/problems/code-expired"));
    }

    @Test
    void anotherTenantKeepsTheDefaultsAndCannotSeeOrChangeThisOne() {
        String strict = newTenant();
        String other = newTenant();
        set(strict, 8, 3, 3).then().statusCode(200);

        get(other, ADMIN).then().statusCode(200)
                .body("codeLength", equalTo(6)).body("codeLifetimeMinutes", equalTo(5)).body("maxChecks", equalTo(5))
                .body("defaults", equalTo(true)).body("updatedAt", nullValue()).body("updatedBy", nullValue());
        String number = TestNumbers.dutchMobile();
        SmsApi.start(other, "eva", number, "SMS", "en").then().statusCode(201);
        assertThat(VonageSandbox.smsTo(TestNumbers.msisdn(number)).get(0).code()).hasSize(6);

        // The tenant is the token's: the other tenant's administrator resets only its own.
        given().auth().oauth2(TestTokens.forTenant(other, ADMIN)).when().delete(POLICY).then().statusCode(204);
        get(strict, ADMIN).then().statusCode(200).body("codeLength", equalTo(8)).body("defaults", equalTo(false));
    }

    @Test
    void valuesOutsideTheSafeBoundsAreRefusedAndChangeNothing() {
        String tenant = newTenant();
        set(tenant, 7, 4, 4).then().statusCode(200);
        refused(tenant, policy(5, 5, 5), "codeLength");
        refused(tenant, policy(9, 5, 5), "codeLength");
        refused(tenant, policy(6, 0, 5), "codeLifetimeMinutes");
        refused(tenant, policy(6, 16, 5), "codeLifetimeMinutes");
        refused(tenant, policy(6, 5, 2), "maxChecks");
        refused(tenant, policy(6, 5, 11), "maxChecks");
        Map<String, Object> missing = policy(6, 5, 5);
        missing.remove("maxChecks");
        refused(tenant, missing, "maxChecks");

        get(tenant, ADMIN).then().statusCode(200)
                .body("codeLength", equalTo(7)).body("codeLifetimeMinutes", equalTo(4)).body("maxChecks", equalTo(4));
    }

    @Test
    void onlyTheTenantsAdministratorsReadSetOrResetIt() {
        String tenant = newTenant();
        for (Response answer : new Response[] {
                get(tenant, SmsApi.SCOPE),
                given().auth().oauth2(TestTokens.forTenant(tenant, SmsApi.SCOPE)).contentType(ContentType.JSON)
                        .body(policy(8, 5, 5)).when().put(POLICY),
                given().auth().oauth2(TestTokens.forTenant(tenant, SmsApi.SCOPE)).when().delete(POLICY)}) {
            answer.then().statusCode(403).contentType("application/problem+json")
                    .body("type", equalTo("https://tweestap.io/problems/insufficient-scope"));
        }
        given().when().get(POLICY).then().statusCode(401).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(policy(8, 5, 5)).when().put(POLICY)
                .then().statusCode(401).contentType("application/problem+json");
        get(tenant, ADMIN).then().statusCode(200).body("defaults", equalTo(true));
    }

    @Test
    void resettingGoesBackToTheDefaults() {
        String tenant = newTenant();
        set(tenant, 8, 10, 3).then().statusCode(200);
        given().auth().oauth2(TestTokens.forTenant(tenant, ADMIN)).when().delete(POLICY).then().statusCode(204);
        get(tenant, ADMIN).then().statusCode(200).body("codeLength", equalTo(6)).body("defaults", equalTo(true));
        String number = TestNumbers.dutchMobile();
        SmsApi.start(tenant, "fien", number, "SMS", "en").then().statusCode(201);
        assertThat(VonageSandbox.smsTo(TestNumbers.msisdn(number)).get(0).code()).hasSize(6);
    }

    private static void refused(String tenant, Map<String, Object> body, String field) {
        given().auth().oauth2(TestTokens.forTenant(tenant, ADMIN)).contentType(ContentType.JSON).body(body)
                .when().put(POLICY)
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/invalid-request"))
                .body("violations.field", contains(field));
    }

    private static Response set(String tenant, int length, int minutes, int checks) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, ADMIN)).contentType(ContentType.JSON)
                .body(policy(length, minutes, checks)).when().put(POLICY);
    }

    private static Response get(String tenant, String scope) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, scope)).when().get(POLICY);
    }

    private static Map<String, Object> policy(int length, int minutes, int checks) {
        Map<String, Object> body = new HashMap<>();
        body.put("codeLength", length);
        body.put("codeLifetimeMinutes", minutes);
        body.put("maxChecks", checks);
        return body;
    }

    private static String newTenant() {
        return "policy-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
