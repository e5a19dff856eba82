package io.tweestap.enrollment;

import static io.restassured.RestAssured.given;
import static io.tweestap.enrollment.MethodsPageCalls.COOKIE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tweestap.events.EventJson;
import io.tweestap.events.Topic;
import io.tweestap.events.enrollment.DeviceBlocked;
import io.tweestap.events.enrollment.PhoneRemoved;
import io.tweestap.testkit.TestTokens;
import io.tweestap.testkit.TopicRecords;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The user's own methods page (issue 16 item 3, decision 0090) over HTTP: the link (single use,
 * short-lived, per tenant), the page session, CSRF on every form, and each action's effect.
 */
@QuarkusTest
class MethodsPageTest {

    @Test
    void theLinkOpensThePageOnceAndThePageListsTheUsersMethods() {
        String user = MethodsPageCalls.newUser();
        String device = MethodsPageCalls.device("acme", user, "Noor's iPhone", 30);
        MethodsPageCalls.phone("acme", user, "+31 6 ****5678");
        String link = MethodsPageCalls.link("acme", user, "https://portal.example.org/account");
        assertThat(link).contains("/setup/methods?link=");

        String cookie = given().redirects().follow(false).when().get(link).then().statusCode(303)
                .header("Location", equalTo("http://localhost:" + Integer.getInteger(ServiceStandIns.APP_PORT_PROPERTY)
                        + "/setup/methods"))
                .header("Set-Cookie", containsString("HttpOnly")).header("Set-Cookie", containsString("SameSite=Strict"))
                .header("Set-Cookie", containsString("Path=/setup/methods"))
                .header("Referrer-Policy", equalTo("no-referrer")).header("Cache-Control", equalTo("no-store"))
                .extract().cookie(COOKIE);
        given().cookie(COOKIE, cookie).header("Accept-Language", "en").when().get("/setup/methods").then().statusCode(200)
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Frame-Options", equalTo("DENY"))
                .body(containsString("My sign-in methods"), containsString("Noor&#39;s iPhone"),
                        containsString("+31 6 ****5678"), containsString("Default method"),
                        containsString("href=\"https://portal.example.org/account\""));
        given().cookie(COOKIE, cookie).header("Accept-Language", "nl-NL").when().get("/setup/methods").then()
                .statusCode(200).body(containsString("Mijn aanmeldmethoden"), containsString("id=\"default-"));

        // Used: a second opening is refused; in the browser that holds the page, a reload just shows it.
        given().redirects().follow(false).when().get(link).then().statusCode(410).body(containsString("used already"));
        given().cookie(COOKIE, cookie).redirects().follow(false).when().get(link).then().statusCode(200)
                .body(containsString("id=\"remove-" + device + "\""));
        given().when().get("/setup/methods?link=not-a-link").then().statusCode(404).body(containsString("not valid"));
        given().when().get("/setup/methods").then().statusCode(401).body(not(containsString("<form")));
    }

    @Test
    void anExpiredLinkOrPageSessionOpensNothing() {
        String user = MethodsPageCalls.newUser();
        String link = MethodsPageCalls.link("acme", user, null);
        String token = link.substring(link.indexOf("link=") + 5);
        Journey.sql("UPDATE methods_page_link SET expires_at = now() - interval '1 second' WHERE link_hash = '"
                + io.tweestap.enrollment.domain.SecretToken.hashOf(token) + "'");
        given().redirects().follow(false).when().get(link).then().statusCode(410).body(containsString("expired"));

        String cookie = MethodsPageCalls.open(MethodsPageCalls.link("acme", user, null));
        MethodsPageCalls.page(cookie);
        Journey.sql("UPDATE methods_page_link SET session_expires_at = now() - interval '1 second' WHERE session_hash = '"
                + io.tweestap.enrollment.domain.SecretToken.hashOf(cookie) + "'");
        given().cookie(COOKIE, cookie).when().get("/setup/methods").then().statusCode(401)
                .body(containsString("session has ended"));
    }

    @Test
    void anotherTenantsLinkShowsAndTouchesOnlyThatTenantsMethods() {
        String user = MethodsPageCalls.newUser();
        String acmeDevice = MethodsPageCalls.device("acme", user, "Acme phone", 3);
        MethodsPageCalls.device("acme", user, "Acme tablet", 2);
        String globex = MethodsPageCalls.open(MethodsPageCalls.link("globex", user, null));
        assertThat(MethodsPageCalls.page(globex)).doesNotContain("Acme phone").contains("You have no sign-in methods yet.");

        String csrf = MethodsPageCalls.csrf(globex);
        given().cookie(COOKIE, globex).formParam("csrf", csrf).formParam("methodId", acmeDevice)
                .when().post("/setup/methods/remove").then().statusCode(404).body(containsString("not (any more) one of yours"));
        given().cookie(COOKIE, globex).formParam("csrf", csrf).formParam("methodId", acmeDevice)
                .when().post("/setup/methods/lost").then().statusCode(404);
        given().cookie(COOKIE, globex).formParam("csrf", csrf).formParam("methodId", acmeDevice).formParam("name", "Mine")
                .when().post("/setup/methods/rename").then().statusCode(404);
        assertThat(Journey.sqlText("SELECT name || ':' || (blocked_at IS NULL) FROM device WHERE id = '" + acmeDevice + "'"))
                .isEqualTo("Acme phone:true");
    }

    @Test
    void everyFormIsRefusedWithoutTheSessionsCsrfToken() {
        String user = MethodsPageCalls.newUser();
        String device = MethodsPageCalls.device("acme", user, "Phone", 3);
        MethodsPageCalls.device("acme", user, "Tablet", 2);
        String cookie = MethodsPageCalls.open(MethodsPageCalls.link("acme", user, null));
        String otherSession = MethodsPageCalls.open(MethodsPageCalls.link("acme", user, null));
        for (String action : new String[] {"rename", "remove", "default", "lost", "change-phone", "add-authenticator", "move"}) {
            given().cookie(COOKIE, cookie).formParam("methodId", device).formParam("name", "x")
                    .when().post("/setup/methods/" + action).then().statusCode(403);
            given().cookie(COOKIE, cookie).formParam("csrf", MethodsPageCalls.csrf(otherSession))
                    .formParam("methodId", device).formParam("name", "x")
                    .when().post("/setup/methods/" + action).then().statusCode(403);
        }
        assertThat(Journey.sqlText("SELECT name || ':' || (blocked_at IS NULL) FROM device WHERE id = '" + device + "'"))
                .isEqualTo("Phone:true");
    }

    @Test
    void renameDefaultLostAndRemoveDoWhatTheySayAndTheLastRequiredMethodStays() {
        String user = MethodsPageCalls.newUser();
        String first = MethodsPageCalls.device("acme", user, "Old phone", 30);
        String second = MethodsPageCalls.device("acme", user, "New phone", 1);
        String phone = MethodsPageCalls.phone("acme", user, "+31 6 ****5678");
        String cookie = MethodsPageCalls.open(MethodsPageCalls.link("acme", user, null));
        String csrf = MethodsPageCalls.csrf(cookie);

        post(cookie, csrf, "rename", second, "name", "  Work phone  ").statusCode(303)
                .header("Location", startsWith("http://localhost")).header("Location", containsString("done=renamed"));
        post(cookie, csrf, "rename", second, "name", " ").statusCode(422);
        post(cookie, csrf, "default", second, "name", "").statusCode(303);
        given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:read")).when().get("/api/v1/users/{u}/methods", user)
                .then().body("methods.find { it.methodId == '" + second + "' }.label", equalTo("Work phone"))
                .body("methods.find { it.methodId == '" + second + "' }.isDefault", equalTo(true));

        post(cookie, csrf, "lost", first, "name", "").statusCode(303).header("Location", containsString("done=lost"));
        post(cookie, csrf, "default", first, "name", "").statusCode(409);
        // The only phone is required by the policy; one of two devices is not.
        post(cookie, csrf, "remove", phone, "name", "").statusCode(409)
                .body(containsString("You cannot remove this method"));
        post(cookie, csrf, "remove", first, "name", "").statusCode(303);
        post(cookie, csrf, "remove", second, "name", "").statusCode(409);
        given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:read")).when().get("/api/v1/users/{u}/methods", user)
                .then().body("methods.size()", equalTo(2));

        try (TopicRecords topic = TopicRecords.of(Topic.ENROLLMENT.topicName())) {
            DeviceBlocked blocked = EventJson.read(topic.await(record -> record.key().equals("acme:" + user)
                    && "tweestap.enrollment.DeviceBlocked.v1".equals(TopicRecords.header(record, "ce_type")),
                    Duration.ofSeconds(20)).value(), DeviceBlocked.class);
            assertThat(blocked.deviceId()).isEqualTo(first);
            assertThat(blocked.reason()).isEqualTo("lost");
            assertThat(blocked.blockedBy()).isEqualTo("self");
        }
    }

    @Test
    void addingAnAuthenticatorAndChangingTheNumberGoThroughTheWizard() {
        String user = MethodsPageCalls.newUser();
        MethodsPageCalls.device("acme", user, "Phone", 3);
        String oldPhone = MethodsPageCalls.phone("acme", user, "+31 6 ****1111");
        String cookie = MethodsPageCalls.open(MethodsPageCalls.link("acme", user, null));
        String csrf = MethodsPageCalls.csrf(cookie);

        String wizard = post(cookie, csrf, "add-authenticator", "", "name", "").statusCode(303)
                .header("Location", containsString("/setup/app")).extract().cookie("tweestap_setup");
        given().cookie("tweestap_setup", wizard).header("Accept-Language", "en").when().get("/setup/app").then()
                .statusCode(200).body(containsString("id=\"account-id\" translate=\"no\">" + user + "<"));

        String phoneWizard = post(cookie, csrf, "change-phone", oldPhone, "name", "").statusCode(303)
                .header("Location", containsString("/setup/phone")).extract().cookie("tweestap_setup");
        String wizardCsrf = io.tweestap.enrollment.domain.SecretToken.hashOf("tweestap-csrf-v1:" + phoneWizard);
        given().cookie("tweestap_setup", phoneWizard).redirects().follow(false).formParam("csrf", wizardCsrf)
                .formParam("region", "NL").formParam("number", "0612345678").formParam("channel", "SMS")
                .when().post("/setup/phone").then().statusCode(303);
        // Until the new number is verified, the old one stays.
        assertThat(Journey.sqlText("SELECT count(*)::text FROM phone_method WHERE id = '" + oldPhone + "'")).isEqualTo("1");
        given().cookie("tweestap_setup", phoneWizard).redirects().follow(false).formParam("csrf", wizardCsrf)
                .formParam("code", ServiceStandIns.GOOD_CODE).when().post("/setup/code").then().statusCode(303);
        assertThat(Journey.sqlText("SELECT count(*)::text FROM phone_method WHERE id = '" + oldPhone + "'")).isEqualTo("0");
        assertThat(Journey.sqlText("SELECT string_agg(status || ':' || (replaces::text), ',') FROM phone_method"
                + " WHERE user_id = '" + user + "'")).isEqualTo("VERIFIED:" + oldPhone);
        try (TopicRecords topic = TopicRecords.of(Topic.ENROLLMENT.topicName())) {
            PhoneRemoved removed = EventJson.read(topic.await(record -> record.key().equals("acme:" + user)
                    && "tweestap.enrollment.PhoneRemoved.v1".equals(TopicRecords.header(record, "ce_type")),
                    Duration.ofSeconds(20)).value(), PhoneRemoved.class);
            assertThat(removed.reason()).isEqualTo("replaced");
            assertThat(removed.toString()).doesNotContain("0612345678");
        }
    }

    @Test
    void theUserStartsAMoveToANewPhoneAndSeesItsStateInDutchAndEnglish() {
        String user = MethodsPageCalls.newUser();
        String old = MethodsPageCalls.device("acme", user, "Old phone", 30);
        String cookie = MethodsPageCalls.open(MethodsPageCalls.link("acme", user, null));
        assertThat(MethodsPageCalls.page(cookie)).contains("id=\"move-" + old + "\"", "Move to a new phone")
                .doesNotContain("id=\"move-under-way\"");
        given().cookie(COOKIE, cookie).header("Accept-Language", "nl").when().get("/setup/methods").then()
                .body(containsString("Naar een nieuwe telefoon verhuizen"));

        post(cookie, MethodsPageCalls.csrf(cookie), "move", old, "name", "").statusCode(303)
                .header("Location", containsString("/setup/app")).cookie("tweestap_setup");
        assertThat(MethodsPageCalls.page(cookie)).contains("You are moving to a new phone.", "href=\"/setup/methods/move\"");
        given().cookie(COOKIE, cookie).header("Accept-Language", "nl").when().get("/setup/methods").then()
                .body(containsString("U bent bezig naar een nieuwe telefoon te verhuizen."));
        given().cookie(COOKIE, cookie).header("Accept-Language", "en").when().get("/setup/methods/move").then()
                .statusCode(200).header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .body(containsString("<html lang=\"en\">"), containsString("data-move-state=\"REQUESTED\""),
                        containsString("Step 1 of 2"), containsString("Old phone"));
        given().cookie(COOKIE, cookie).header("Accept-Language", "nl").when().get("/setup/methods/move").then()
                .statusCode(200).body(containsString("<html lang=\"nl\">"), containsString("Stap 1 van 2"),
                        containsString("Oude telefoon"));
        // Without the page session there is no move to see; another user's page sees none of this one.
        given().when().get("/setup/methods/move").then().statusCode(401);
        String stranger = MethodsPageCalls.open(MethodsPageCalls.link("acme", MethodsPageCalls.newUser(), null));
        given().cookie(COOKIE, stranger).header("Accept-Language", "en").when().get("/setup/methods/move").then()
                .statusCode(404).body(containsString("There is no move to a new phone to show."));
    }

    @Test
    void theLinkIsForTheWriteScopeAndABadReturnUrlIsAProblem() {
        String path = "/api/v1/users/{user}/methods-page-links";
        given().when().post(path, "kim").then().statusCode(401);
        given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:read")).when().post(path, "kim").then().statusCode(403);
        given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:write")).contentType(ContentType.JSON)
                .body("{\"returnUrl\":\"javascript:alert(1)\"}").when().post(path, "kim").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:write")).when().post(path, "k".repeat(257))
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:write")).when().post(path, "kim")
                .then().statusCode(201).body("url", containsString("/setup/methods?link="));
    }

    private static io.restassured.response.ValidatableResponse post(String cookie, String csrf, String action,
            String methodId, String field, String value) {
        return given().cookie(COOKIE, cookie).redirects().follow(false).header("Accept-Language", "en")
                .formParam("csrf", csrf).formParam("methodId", methodId).formParam(field, value)
                .when().post("/setup/methods/" + action).then();
    }
}
