package io.tweestap.enrollment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tweestap.enrollment.domain.SecretToken;
import io.tweestap.events.EventJson;
import io.tweestap.events.Topic;
import io.tweestap.events.enrollment.EnrollmentStarted;
import io.tweestap.testkit.TestTokens;
import io.tweestap.testkit.TopicRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class EnrollmentResourceTest {

    private static final String WRITE = "enrollment:write";
    private static final String READ = "enrollment:read";

    @Test
    void startingAnEnrollmentPublishesEnrollmentStartedThroughTheOutbox() {
        String enrollmentId = given().auth().oauth2(TestTokens.forTenant("acme", WRITE))
                .contentType(ContentType.JSON).body("{\"userId\":\"anna@acme.example\"}")
                .when().post("/api/v1/enrollments")
                .then().statusCode(201)
                .header("Location", notNullValue())
                .body("userId", equalTo("anna@acme.example"))
                .body("status", equalTo("STARTED"))
                .body("link.url", org.hamcrest.Matchers.matchesPattern("http://localhost:\\d+/setup\\?link=[A-Za-z0-9_-]{43}"))
                .body("link.expiresAt", notNullValue())
                .extract().path("enrollmentId");

        try (TopicRecords topic = TopicRecords.of(Topic.ENROLLMENT.topicName())) {
            ConsumerRecord<String, String> record = topic.awaitSubject(enrollmentId, Duration.ofSeconds(20));
            assertThat(record.key()).isEqualTo("acme:anna@acme.example");
            assertThat(TopicRecords.header(record, "ce_type")).isEqualTo("tweestap.enrollment.EnrollmentStarted.v1");
            assertThat(TopicRecords.header(record, "ce_source")).isEqualTo("/tweestap/enrollment-service");
            assertThat(TopicRecords.header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(TopicRecords.header(record, "ce_id")).isNotBlank();
            assertThat(TopicRecords.header(record, "ce_time")).isNotBlank();
            EnrollmentStarted event = EventJson.read(record.value(), EnrollmentStarted.class);
            assertThat(event.tenantId()).isEqualTo("acme");
            assertThat(event.userId()).isEqualTo("anna@acme.example");
            assertThat(event.enrollmentId()).isEqualTo(enrollmentId);
            assertThat(event.linkExpiresAt()).isAfter(event.occurredAt());
        }
    }

    @Test
    void aTenantReadsItsOwnEnrollmentButNotAnotherTenants() {
        String enrollmentId = start("acme", "bram@acme.example");

        given().auth().oauth2(TestTokens.forTenant("acme", READ))
                .when().get("/api/v1/enrollments/{id}", enrollmentId)
                .then().statusCode(200).body("userId", equalTo("bram@acme.example"));

        given().auth().oauth2(TestTokens.forTenant("globex", READ))
                .when().get("/api/v1/enrollments/{id}", enrollmentId)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Not found"));
    }

    @Test
    void aCallWithoutATokenIsRefused() {
        given().contentType(ContentType.JSON).body("{\"userId\":\"x\"}")
                .when().post("/api/v1/enrollments")
                .then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/unauthorized"));
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        String forged = TestTokens.forTenant("acme", WRITE);
        String tampered = forged.substring(0, forged.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        given().auth().oauth2(tampered).contentType(ContentType.JSON).body("{\"userId\":\"x\"}")
                .when().post("/api/v1/enrollments")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aTokenWithoutTheScopeIsRefused() {
        given().auth().oauth2(TestTokens.forTenant("acme", READ))
                .contentType(ContentType.JSON).body("{\"userId\":\"x\"}")
                .when().post("/api/v1/enrollments")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/insufficient-scope"));
    }

    @Test
    void aTokenWithoutATenantIsRefused() {
        given().auth().oauth2(TestTokens.withoutTenant(WRITE))
                .contentType(ContentType.JSON).body("{\"userId\":\"x\"}")
                .when().post("/api/v1/enrollments")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/missing-tenant"));
    }

    @Test
    void malformedJsonIsABadRequest() {
        given().auth().oauth2(TestTokens.forTenant("acme", WRITE))
                .contentType(ContentType.JSON).body("{\"userId\": ")
                .when().post("/api/v1/enrollments")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/malformed-json"));
    }

    @Test
    void aMissingUserIdNamesTheField() {
        given().auth().oauth2(TestTokens.forTenant("acme", WRITE))
                .contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/enrollments")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("userId"));
    }

    @Test
    void anUnknownIdIsNotFound() {
        given().auth().oauth2(TestTokens.forTenant("acme", READ))
                .when().get("/api/v1/enrollments/not-a-uuid")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void anUnknownRouteIsAProblem() {
        given().when().get("/api/v1/nothing-here")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        io.tweestap.testkit.WarmUpCheck.awaitWarmedUp();
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/enrollments"));
    }

    @Test
    void aFreshLinkCanBeIssuedForAnOpenEnrollmentButNotForAnotherTenants() {
        String enrollmentId = start("acme", "carla@acme.example");
        given().auth().oauth2(TestTokens.forTenant("acme", WRITE))
                .when().post("/api/v1/enrollments/{id}/links", enrollmentId)
                .then().statusCode(201)
                .body("url", org.hamcrest.Matchers.containsString("/setup?link="));
        given().auth().oauth2(TestTokens.forTenant("globex", WRITE))
                .when().post("/api/v1/enrollments/{id}/links", enrollmentId)
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aLinkCarriesThePlatformsPagesIntoTheWizard() {
        String enrollmentId = start("acme", "dirk@acme.example");
        String link = given().auth().oauth2(TestTokens.forTenant("acme", WRITE))
                .contentType(ContentType.JSON)
                .body(Map.of("returnUrl", "https://portal.acme.example/welcome-back?from=mfa&lang=nl",
                        "switchAccountUrl", "https://portal.acme.example/sign-out"))
                .when().post("/api/v1/enrollments/{id}/links", enrollmentId)
                .then().statusCode(201)
                .body("url", containsString("/setup?link="))
                .extract().path("url");
        assertThat(storedPages(link))
                .isEqualTo("https://portal.acme.example/welcome-back?from=mfa&lang=nl https://portal.acme.example/sign-out");

        // Opening the link carries them into the session: the first page and the last link out to them.
        String session = Journey.openWizard(link);
        assertThat(Journey.sqlText("SELECT return_url || ' ' || switch_account_url FROM wizard_session"
                + " WHERE enrollment_id = '" + enrollmentId + "'"))
                .isEqualTo("https://portal.acme.example/welcome-back?from=mfa&lang=nl https://portal.acme.example/sign-out");
        given().cookie("tweestap_setup", session).when().get("/setup")
                .then().statusCode(200)
                .body(containsString("<a id=\"switch-account\" href=\"https://portal.acme.example/sign-out\">"))
                .body(containsString("<span id=\"account-id\" translate=\"no\">dirk@acme.example</span>"));
        given().cookie("tweestap_setup", session).when().get("/setup/done")
                .then().statusCode(200)
                .body(containsString("href=\"https://portal.acme.example/welcome-back?from=mfa&amp;lang=nl\""))
                .body(not(containsString("id=\"close-page\"")));
    }

    @Test
    void startingAnEnrollmentTakesThePlatformsPagesForItsFirstLink() {
        String link = given().auth().oauth2(TestTokens.forTenant("acme", WRITE))
                .contentType(ContentType.JSON)
                .body(Map.of("userId", "femke@acme.example", "returnUrl", "https://portal.acme.example/home"))
                .when().post("/api/v1/enrollments")
                .then().statusCode(201)
                .extract().path("link.url");
        assertThat(storedPages(link)).isEqualTo("https://portal.acme.example/home -");
    }

    /** http is for a platform under development on this machine; any other host needs https. */
    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:3000/back", "http://127.0.0.1:8080/back?x=1", "HTTPS://Portal.Acme.Example/Back",
            "https://portal.acme.example:8443/mfa/done#top", "https://[2001:db8::1]/back"})
    void platformPagesOnHttpsOrOnThisMachineAreAccepted(String page) {
        String enrollmentId = start("acme", "gijs@acme.example");
        String link = given().auth().oauth2(TestTokens.forTenant("acme", WRITE))
                .contentType(ContentType.JSON).body(Map.of("returnUrl", page, "switchAccountUrl", page))
                .when().post("/api/v1/enrollments/{id}/links", enrollmentId)
                .then().statusCode(201)
                .extract().path("url");
        assertThat(storedPages(link)).isEqualTo(page + " " + page);
    }

    static Stream<String> notPlatformPages() {
        return Stream.of("javascript:alert(document.cookie)", "/setup/done", "//evil.example/back",
                "http://evil.example/back", "https://a@b.example/", "https://user:pass@portal.acme.example/",
                "https://portal.acme.example/" + "a".repeat(2048 - 28 + 1), "ftp://portal.acme.example/back",
                "data:text/html,<script>alert(1)</script>", "https://portal.acme.example/a b", "https://", "",
                "http://localhost.evil.example/back");
    }

    @ParameterizedTest
    @MethodSource("notPlatformPages")
    void aLinkWithAnythingButAPlatformPageIsRefusedNamingTheFieldAndNothingIsStored(String bad) {
        String enrollmentId = start("acme", "hanna@acme.example");
        for (String field : List.of("returnUrl", "switchAccountUrl")) {
            String other = "returnUrl".equals(field) ? "switchAccountUrl" : "returnUrl";
            given().auth().oauth2(TestTokens.forTenant("acme", WRITE))
                    .contentType(ContentType.JSON).body(Map.of(field, bad, other, "https://portal.acme.example/ok"))
                    .when().post("/api/v1/enrollments/{id}/links", enrollmentId)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://tweestap.io/problems/invalid-request"))
                    .body("status", equalTo(400))
                    .body("violations.field", contains(field));
        }
        assertThat(Journey.sqlText("SELECT count(*)::text FROM enrollment_link WHERE enrollment_id = '"
                + enrollmentId + "'")).as("only the first link, from the start").isEqualTo("1");
    }

    @Test
    void aLongButAllowedPageIsAcceptedAndOneCharacterMoreIsNot() {
        String enrollmentId = start("acme", "ilse@acme.example");
        String longest = "https://portal.acme.example/" + "a".repeat(2048 - 28);
        assertThat(longest).hasSize(2048);
        given().auth().oauth2(TestTokens.forTenant("acme", WRITE))
                .contentType(ContentType.JSON).body(Map.of("returnUrl", longest))
                .when().post("/api/v1/enrollments/{id}/links", enrollmentId)
                .then().statusCode(201);
        given().auth().oauth2(TestTokens.forTenant("acme", WRITE))
                .contentType(ContentType.JSON).body(Map.of("returnUrl", longest + "a"))
                .when().post("/api/v1/enrollments/{id}/links", enrollmentId)
                .then().statusCode(400)
                .body("violations.field", contains("returnUrl"))
                .body("violations.message", contains("must be at most 2048 characters"));
    }

    @Test
    void startingAnEnrollmentWithABadPageStartsNothingAndDoesNotEchoIt() {
        String user = "joost-" + UUID.randomUUID() + "@acme.example";
        String answer = given().auth().oauth2(TestTokens.forTenant("acme", WRITE))
                .contentType(ContentType.JSON)
                .body(Map.of("userId", user, "switchAccountUrl", "javascript:alert(document.cookie)"))
                .when().post("/api/v1/enrollments")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", contains("switchAccountUrl"))
                .body("violations.message", contains("must be an absolute https URL"))
                .extract().asString();
        assertThat(answer).doesNotContain("alert");
        assertThat(Journey.sqlText("SELECT count(*)::text FROM enrollment WHERE user_id = '" + user + "'")).isEqualTo("0");
    }

    /** Callers that send no body, an empty one, {} or null, with any Content-Type, get a link as before, without pages. */
    @Test
    void aLinkWithoutABodyOrWithAnEmptyOneStillWorks() throws Exception {
        String enrollmentId = start("acme", "kees@acme.example");
        URI links = URI.create("http://localhost:" + Integer.getInteger(ServiceStandIns.APP_PORT_PROPERTY)
                + "/api/v1/enrollments/" + enrollmentId + "/links");
        String token = "Bearer " + TestTokens.forTenant("acme", WRITE);
        HttpClient http = HttpClient.newHttpClient();
        List<HttpRequest> requests = List.of(
                HttpRequest.newBuilder(links).header("Authorization", token).POST(BodyPublishers.noBody()).build(),
                HttpRequest.newBuilder(links).header("Authorization", token).header("Content-Type", "application/json")
                        .POST(BodyPublishers.noBody()).build(),
                HttpRequest.newBuilder(links).header("Authorization", token)
                        .header("Content-Type", "application/x-www-form-urlencoded").POST(BodyPublishers.noBody()).build(),
                HttpRequest.newBuilder(links).header("Authorization", token).header("Content-Type", "text/plain")
                        .POST(BodyPublishers.noBody()).build(),
                HttpRequest.newBuilder(links).header("Authorization", token).header("Content-Type", "application/json")
                        .POST(BodyPublishers.ofString("{}")).build(),
                HttpRequest.newBuilder(links).header("Authorization", token).POST(BodyPublishers.ofString(" {} ")).build(),
                HttpRequest.newBuilder(links).header("Authorization", token).header("Content-Type", "application/json")
                        .POST(BodyPublishers.ofString("null")).build());
        for (HttpRequest request : requests) {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("%s with %s", request.method(), request.headers().map()).isEqualTo(201);
            String url = io.restassured.path.json.JsonPath.from(answer.body()).getString("url");
            assertThat(storedPages(url)).isEqualTo("- -");
        }
    }

    /** A body is the platform's pages, read as JSON even when its client labels it otherwise: never silently dropped. */
    @Test
    void aBodyIsReadAsJsonWhateverItsContentTypeSays() {
        String enrollmentId = start("acme", "lotte@acme.example");
        String link = given().auth().oauth2(TestTokens.forTenant("acme", WRITE))
                .contentType("text/plain").body("{\"returnUrl\":\"https://portal.acme.example/back\"}")
                .when().post("/api/v1/enrollments/{id}/links", enrollmentId)
                .then().statusCode(201)
                .extract().path("url");
        assertThat(storedPages(link)).isEqualTo("https://portal.acme.example/back -");
        given().auth().oauth2(TestTokens.forTenant("acme", WRITE))
                .contentType("text/plain").body("{\"returnUrl\":\"http://evil.example/back\"}")
                .when().post("/api/v1/enrollments/{id}/links", enrollmentId)
                .then().statusCode(400).body("violations.field", contains("returnUrl"));
        given().auth().oauth2(TestTokens.forTenant("acme", WRITE))
                .contentType(ContentType.JSON).body("{\"returnUrl\": ")
                .when().post("/api/v1/enrollments/{id}/links", enrollmentId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/malformed-json"));
        given().auth().oauth2(TestTokens.forTenant("acme", WRITE))
                .contentType(ContentType.JSON).body("{\"switchAccountUrl\": {\"href\": \"https://x.example\"}}")
                .when().post("/api/v1/enrollments/{id}/links", enrollmentId)
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", contains("switchAccountUrl"));
    }

    @Test
    void theOpenApiDocumentShowsThePlatformPages() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("components.schemas.NewLink.properties.returnUrl.maxLength", equalTo(2048))
                .body("components.schemas.NewLink.properties.returnUrl.format", equalTo("uri"))
                .body("components.schemas.NewLink.properties.switchAccountUrl.maxLength", equalTo(2048))
                .body("components.schemas.StartEnrollment.properties.returnUrl.maxLength", equalTo(2048))
                .body("components.schemas.StartEnrollment.properties.switchAccountUrl.description",
                        containsString("Use a different account"))
                .body("paths.'/api/v1/enrollments/{enrollmentId}/links'.post.requestBody.required", not(equalTo(true)));
    }

    /** The link's stored return and switch-account URLs, "-" for none. */
    private static String storedPages(String link) {
        String token = link.substring(link.indexOf("link=") + "link=".length());
        return Journey.sqlText("SELECT coalesce(return_url, '-') || ' ' || coalesce(switch_account_url, '-')"
                + " FROM enrollment_link WHERE token_hash = '" + SecretToken.hashOf(token) + "'");
    }

    static String start(String tenant, String userId) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, WRITE))
                .contentType(ContentType.JSON).body("{\"userId\":\"" + userId + "\"}")
                .when().post("/api/v1/enrollments")
                .then().statusCode(201)
                .extract().path("enrollmentId");
    }
}
