package io.tweestap.enrollment;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.tweestap.testkit.TestTokens;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The methods page as the platform and the browser reach it, and a user's methods put in place directly. */
final class MethodsPageCalls {

    static final String COOKIE = "tweestap_methods";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private MethodsPageCalls() {
    }

    /** The link a platform gets for a signed-in user of {@code tenant}. */
    static String link(String tenant, String userId, String returnUrl) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, "enrollment:write")).contentType(ContentType.JSON)
                .body(returnUrl == null ? Map.of() : Map.of("returnUrl", returnUrl))
                .when().post("/api/v1/users/{user}/methods-page-links", userId)
                .then().statusCode(201).extract().path("url");
    }

    /** Opens the link as a browser would; returns the page session cookie. */
    static String open(String link) {
        return given().redirects().follow(false).header("Accept-Language", "en")
                .when().get(link).then().statusCode(303).extract().cookie(COOKIE);
    }

    static String page(String session) {
        return given().cookie(COOKIE, session).header("Accept-Language", "en").when().get("/setup/methods")
                .then().statusCode(200).extract().asString();
    }

    /** The CSRF token the page's forms carry. */
    static String csrf(String session) {
        Matcher matcher = CSRF.matcher(page(session));
        if (!matcher.find()) {
            throw new AssertionError("No form on the methods page");
        }
        return matcher.group(1);
    }

    /** A verified authenticator of the user, registered {@code daysAgo} days ago. */
    static String device(String tenant, String userId, String name, int daysAgo) {
        String id = UUID.randomUUID().toString();
        Journey.sql("INSERT INTO device (id, tenant_id, user_id, name, platform, public_key, push_channels, status,"
                + " registered_at, verified_at, registered_before_test_push_rule) VALUES ('" + id + "', '" + tenant
                + "', '" + userId + "', '" + name.replace("'", "''") + "', 'ios', 'key-" + id + "', '[]', 'VERIFIED', now() - interval '"
                + daysAgo + " days', now() - interval '" + daysAgo + " days', false)");
        return id;
    }

    /** A verified phone of the user, its number masked as sms-service would. */
    static String phone(String tenant, String userId, String masked) {
        String id = UUID.randomUUID().toString();
        Journey.sql("INSERT INTO phone_method (id, phone_id, tenant_id, user_id, verification_id, masked_number, channel,"
                + " status, requested_at, verified_at) VALUES ('" + id + "', 'p-" + id + "', '" + tenant + "', '" + userId
                + "', 'v-" + id + "', '" + masked + "', 'SMS', 'VERIFIED', now() - interval '2 days', now() - interval '2 days')");
        return id;
    }

    static String newUser() {
        return "noor-" + UUID.randomUUID() + "@acme.example";
    }
}
