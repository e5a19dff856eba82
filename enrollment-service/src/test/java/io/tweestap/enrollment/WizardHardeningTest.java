package io.tweestap.enrollment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tweestap.devicekeys.DeviceKeyPair;
import io.tweestap.enrollment.domain.SecretToken;
import io.tweestap.testkit.TestTokens;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the wizard does against a hostile browser (issue 11, ASVS): every form post is refused
 * without its session's CSRF token and changes nothing; every page and state carries the security
 * headers; every cookie is HttpOnly, SameSite=Strict and scoped to the wizard. (Secure cookies and
 * HSTS over https: {@code wizard/WizardCookiesTest}; these tests run over http.)
 */
@QuarkusTest
class WizardHardeningTest {

    /** Every form the wizard accepts, with what a legitimate submission sends. */
    private static final Map<String, Map<String, String>> FORMS = Map.of(
            "/setup/test", Map.of(),
            "/setup/phone", Map.of("region", "NL", "number", "0612345678", "channel", "SMS"),
            "/setup/code", Map.of("code", ServiceStandIns.GOOD_CODE),
            "/setup/code/resend", Map.of());

    private static final List<String> STATES = List.of("link opened", "first page", "app", "account", "qr", "qr.png",
            "status", "status of the test", "test push", "test without a device", "phone", "code", "wrong code",
            "done", "form accepted", "form refused", "language chosen", "no session", "unknown link", "ended by a reset",
            "stylesheet", "script");

    private static final Pattern VERIFICATION = Pattern.compile("^[0-9a-f-]{36}$");

    enum Forgery { MISSING, WRONG, OF_ANOTHER_SESSION }

    /** A user whose session reached the code step: a device activated, a test push pending, a phone pending. */
    private record Wizard(String user, String session) {
    }

    @BeforeEach
    void standIns() {
        WireMock.configureFor("127.0.0.1", Integer.getInteger(ServiceStandIns.PORT_PROPERTY));
    }

    static Stream<Arguments> forgedPosts() {
        return FORMS.keySet().stream().sorted()
                .flatMap(path -> Stream.of(Forgery.values()).map(forgery -> Arguments.of(path, forgery)));
    }

    @ParameterizedTest(name = "POST {0} with a {1} token is refused")
    @MethodSource("forgedPosts")
    void aFormPostWithoutItsSessionsTokenIsRefusedAndChangesNothing(String path, Forgery forgery) {
        Wizard wizard = wizardAtTheCodeStep();
        String token = switch (forgery) {
            case MISSING -> null;
            case WRONG -> csrf(SecretToken.generate().value());
            case OF_ANOTHER_SESSION -> csrf(Journey.openWizard(Journey.link("acme", user("other"))));
        };
        String before = state(wizard);

        post(wizard.session(), path, token)
                .then().statusCode(403);

        assertThat(state(wizard)).isEqualTo(before);
    }

    @ParameterizedTest(name = "POST {0} with its own token is accepted")
    @MethodSource("formPaths")
    void theSameFormPostWithItsOwnTokenIsAccepted(String path) {
        Wizard wizard = wizardAtTheCodeStep();
        String before = state(wizard);

        int status = post(wizard.session(), path, csrf(wizard.session())).statusCode();

        assertThat(status).isIn(200, 303);
        assertThat(state(wizard)).isNotEqualTo(before);
    }

    /** A tenant may have 6- to 8-digit codes (decision 0102): those go to sms-service, spaces removed; nothing else does. */
    @Test
    void aCodeOfSixToEightDigitsIsCheckedAndAnythingElseIsNot() {
        Wizard wizard = wizardAtTheCodeStep();
        String check = "/api/v1/phone-verifications/[^/]+/check";
        for (String typed : List.of("1234 5678", "12345", "123456789", "1234567a")) {
            given().cookie("tweestap_setup", wizard.session()).redirects().follow(false)
                    .formParam("csrf", csrf(wizard.session())).formParam("code", typed).when().post("/setup/code");
        }
        WireMock.verify(1, WireMock.postRequestedFor(WireMock.urlPathMatching(check))
                .withRequestBody(WireMock.matchingJsonPath("$.code", WireMock.equalTo("12345678"))));
        for (String refused : List.of("12345", "123456789", "1234567a")) {
            WireMock.verify(0, WireMock.postRequestedFor(WireMock.urlPathMatching(check))
                    .withRequestBody(WireMock.matchingJsonPath("$.code", WireMock.equalTo(refused))));
        }
    }

    static Stream<String> formPaths() {
        return FORMS.keySet().stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void everyPageAndStateCarriesTheSecurityHeaders(String state) {
        Response response = visit(state);

        assertThat(response.header("Content-Security-Policy")).as(state)
                .contains("default-src 'self'").contains("script-src 'self'").contains("frame-ancestors 'none'")
                .contains("form-action 'self'").contains("base-uri 'none'").doesNotContain("unsafe-inline");
        assertThat(response.header("X-Frame-Options")).as(state).isEqualTo("DENY");
        assertThat(response.header("Referrer-Policy")).as(state).isEqualTo("no-referrer");
        assertThat(response.header("X-Content-Type-Options")).as(state).isEqualTo("nosniff");
        assertThat(response.header("Cache-Control")).as(state).isEqualTo("no-store");
        // The tests reach the wizard over http, where HSTS means nothing and is not sent.
        assertThat(response.header("Strict-Transport-Security")).as(state).isNull();
        for (String cookie : response.headers().getValues("Set-Cookie")) {
            assertThat(cookie).as(state).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/setup")
                    .doesNotContainIgnoringCase("secure");
        }
    }

    static Stream<String> states() {
        return STATES.stream();
    }

    @Test
    void theSessionAndLanguageCookiesAreHttpOnlyStrictAndScopedToTheWizard() {
        Response opened = given().redirects().follow(false).when().get(Journey.link("acme", user("cookies")));
        assertThat(opened.headers().getValues("Set-Cookie")).singleElement().satisfies(cookie -> assertThat(cookie)
                .startsWith("tweestap_setup=").contains("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/setup").contains("Max-Age=3600"));

        Response chosen = given().cookie("tweestap_setup", opened.cookie("tweestap_setup"))
                .when().get("/setup/app?lang=en");
        assertThat(chosen.headers().getValues("Set-Cookie")).singleElement().satisfies(cookie -> assertThat(cookie)
                .startsWith("tweestap_lang=en").contains("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/setup"));
    }

    private Response visit(String state) {
        return switch (state) {
            case "link opened" -> given().redirects().follow(false).get(Journey.link("acme", user("headers")));
            case "first page" -> page(wizardAtTheCodeStep(), "/setup");
            case "app" -> page(wizardAtTheCodeStep(), "/setup/app");
            case "account" -> page(wizardAtTheCodeStep(), "/setup/account");
            case "qr" -> page(fresh(), "/setup/qr");
            case "qr.png" -> page(fresh(), "/setup/qr.png");
            case "status" -> page(fresh(), "/setup/status");
            case "status of the test" -> page(wizardAtTheCodeStep(), "/setup/status?test=true");
            case "test push" -> page(wizardAtTheCodeStep(), "/setup/test");
            case "test without a device" -> page(fresh(), "/setup/test");
            case "phone" -> page(wizardAtTheCodeStep(), "/setup/phone");
            case "code" -> page(wizardAtTheCodeStep(), "/setup/code");
            case "wrong code" -> given().cookie("tweestap_setup", wizardAtTheCodeStep().session()).redirects().follow(false)
                    .formParam("csrf", csrf(wizardAtTheCodeStep().session())).formParam("code", "000000")
                    .post("/setup/code");
            case "done" -> page(wizardAtTheCodeStep(), "/setup/done");
            case "form accepted" -> post(wizardAtTheCodeStep().session(), "/setup/test",
                    csrf(wizardAtTheCodeStep().session()));
            case "form refused" -> post(wizardAtTheCodeStep().session(), "/setup/code", null);
            case "language chosen" -> page(fresh(), "/setup/account?lang=en");
            case "no session" -> given().redirects().follow(false).get("/setup/app");
            case "unknown link" -> given().redirects().follow(false).get("/setup?link=not-a-link");
            case "ended by a reset" -> {
                Wizard ended = fresh();
                given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:admin"))
                        .post("/api/v1/users/{user}/registration/reset", ended.user()).then().statusCode(204);
                yield page(ended, "/setup/qr");
            }
            case "stylesheet" -> given().get("/setup/wizard.css");
            case "script" -> given().get("/setup/wizard.js");
            default -> throw new IllegalArgumentException(state);
        };
    }

    private static Response page(Wizard wizard, String path) {
        return given().cookie("tweestap_setup", wizard.session()).redirects().follow(false).get(path);
    }

    private static Response post(String session, String path, String csrf) {
        RequestSpecification request = given().cookie("tweestap_setup", session).redirects().follow(false)
                .contentType("application/x-www-form-urlencoded");
        if (csrf != null) {
            request.formParam("csrf", csrf);
        }
        FORMS.get(path).forEach(request::formParam);
        return request.post(path);
    }

    private Wizard atCodeStep;

    /** One per test: a session with a device, a pending test push and a pending phone. */
    private Wizard wizardAtTheCodeStep() {
        if (atCodeStep == null) {
            Wizard wizard = fresh();
            Journey.activate(Journey.activationCode(wizard.session()), DeviceKeyPair.generate(), "hardening")
                    .then().statusCode(201);
            page(wizard, "/setup/test").then().statusCode(200);
            post(wizard.session(), "/setup/phone", csrf(wizard.session())).then().statusCode(303);
            atCodeStep = wizard;
        }
        return atCodeStep;
    }

    private static Wizard fresh() {
        String user = user("wizard");
        return new Wizard(user, Journey.openWizard(Journey.link("acme", user)));
    }

    /**
     * Everything a form post could change: the session's row, the user's phones and devices, and
     * what was asked of challenge- and sms-service for this user or its verifications.
     */
    private static String state(Wizard wizard) {
        String rows = Journey.sqlText("SELECT concat_ws('|',"
                + " (SELECT concat_ws(',', activation_id, device_id, challenge_id, number_to_show, verification_id, phone_id)"
                + "  FROM wizard_session WHERE token_hash = '" + SecretToken.hashOf(wizard.session()) + "'),"
                + " (SELECT string_agg(verification_id || ':' || status, ',' ORDER BY requested_at) FROM phone_method"
                + "  WHERE user_id = '" + wizard.user() + "'),"
                + " (SELECT string_agg(id::text || ':' || status, ',') FROM device WHERE user_id = '" + wizard.user() + "'))");
        List<String> verifications = Stream.of(rows.split("[|,:]")).filter(part -> VERIFICATION.matcher(part).matches())
                .toList();
        long calls = WireMock.findAll(WireMock.anyRequestedFor(WireMock.anyUrl())).stream()
                .filter(request -> mentions(request, wizard.user(), verifications)).count();
        return rows + "|calls=" + calls;
    }

    private static boolean mentions(LoggedRequest request, String user, List<String> ids) {
        return request.getBodyAsString().contains(user) || ids.stream().anyMatch(request.getUrl()::contains);
    }

    private static String user(String what) {
        return "hardening-" + what + "-" + UUID.randomUUID() + "@acme.example";
    }

    private static String csrf(String session) {
        return SecretToken.hashOf("tweestap-csrf-v1:" + session);
    }
}
