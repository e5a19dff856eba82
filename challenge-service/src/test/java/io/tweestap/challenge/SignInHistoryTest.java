package io.tweestap.challenge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;
import io.tweestap.testkit.OnVertx;
import io.tweestap.testkit.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An administrator reads a user's recent sign-ins: outcome, application, place and device, newest first. */
@QuarkusTest
class SignInHistoryTest {

    private static final String SIGN_INS = "/api/v1/users/{userId}/sign-ins";

    private final SignInPlatform acme = new SignInPlatform("acme");

    @Test
    void approvedDeniedAndExpiredSignInsAreListedNewestFirstWithoutTheSetupTestPush() {
        SignInPlatform quick = new SignInPlatform("sign-ins-quick");
        quick.setPolicy(2, 5).then().statusCode(200);
        TestPhone phone = TestPhone.verifiedFor("sign-ins-quick", "noor-" + UUID.randomUUID());

        Response first = quick.requestSignIn(phone.userId).then().statusCode(201).extract().response();
        String approved = first.path("challengeId");
        phone.answer(approved, Decision.APPROVE, first.path("numberToShow")).then().statusCode(200);
        String denied = quick.requestSignIn(phone.userId).then().statusCode(201).extract().path("challengeId");
        phone.answer(denied, Decision.DENY, null).then().statusCode(200);
        quick.create(Map.of("userId", phone.userId, "purpose", "ENROLLMENT_TEST", "deviceId", phone.deviceId))
                .then().statusCode(201);
        String expired = quick.requestSignIn(phone.userId).then().statusCode(201).extract().path("challengeId");
        quick.status(expired, 15).then().statusCode(200).body("status", equalTo("EXPIRED"));

        Response page = list("sign-ins-quick", phone.userId, Map.of()).then().statusCode(200)
                .body("userId", equalTo(phone.userId))
                .body("signIns", hasSize(3))
                .body("nextCursor", equalTo(null))
                .extract().response();
        assertThat(page.jsonPath().getList("signIns.challengeId", String.class)).containsExactly(expired, denied, approved);
        assertThat(page.jsonPath().getList("signIns.status", String.class)).containsExactly("EXPIRED", "DENIED", "APPROVED");
        assertThat(page.jsonPath().getList("signIns.reason", String.class)).containsExactly("TIMEOUT", "USER_DENIED", null);
        Map<String, Object> newest = page.jsonPath().getMap("signIns[0]");
        assertThat(newest).containsEntry("method", "PUSH").containsEntry("application", "Payroll")
                .containsEntry("ipAddress", "192.0.2.10").containsEntry("location", "Utrecht, NL")
                .containsEntry("deviceId", null).containsKeys("createdAt", "decidedAt");
        Map<String, Object> oldest = page.jsonPath().getMap("signIns[2]");
        assertThat(oldest).containsEntry("deviceId", phone.deviceId);
        assertThat(oldest.get("decidedAt")).isNotNull();
    }

    @Test
    void aCallerSeesOnlyItsOwnTenantsSignIns() {
        TestPhone phone = TestPhone.verifiedFor("acme", "anna-" + UUID.randomUUID());
        String challengeId = acme.requestSignIn(phone.userId).then().statusCode(201).extract().path("challengeId");

        list("acme", phone.userId, Map.of()).then().statusCode(200).body("signIns.challengeId", hasItem(challengeId));
        list("globex", phone.userId, Map.of()).then().statusCode(200).body("signIns", hasSize(0));
    }

    @Test
    void withoutTheAdminScopeTheAnswerIs403NamingIt() {
        given().auth().oauth2(TestTokens.forTenant("acme", "challenge:read", "challenge:write"))
                .when().get(SIGN_INS, "anna").then().statusCode(403)
                .contentType("application/problem+json")
                .body("requiredScopes", equalTo(List.of("challenge:admin")));
        given().when().get(SIGN_INS, "anna").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void pagesFollowTheCursorWithoutRepeatingOrSkippingASignIn() {
        String user = "paged-" + UUID.randomUUID();
        // 25 sign-ins, five of them created in the same microsecond: the id orders those.
        sql("""
                INSERT INTO push_challenge (id, tenant_id, user_id, purpose, status, number_to_match, server_nonce, device_ids,
                                            created_at, expires_at, decided_at, reason)
                SELECT gen_random_uuid(), 'acme', :user, 'SIGN_IN', 'DENIED', '12', 'n', '{}',
                       date_trunc('second', now()) - (n / 5) * interval '1 minute', now() + interval '1 minute', now(), 'USER_DENIED'
                FROM generate_series(0, 24) n""", Map.of("user", user));

        List<String> seen = new ArrayList<>();
        Map<String, Object> query = Map.of("limit", 10);
        List<Integer> pageSizes = new ArrayList<>();
        while (true) {
            Response page = list("acme", user, query).then().statusCode(200).extract().response();
            List<String> ids = page.jsonPath().getList("signIns.challengeId", String.class);
            pageSizes.add(ids.size());
            seen.addAll(ids);
            String next = page.path("nextCursor");
            if (next == null) {
                break;
            }
            query = Map.of("limit", 10, "cursor", next);
        }
        assertThat(pageSizes).containsExactly(10, 10, 5);
        assertThat(seen).doesNotHaveDuplicates().hasSize(25);
        List<String> newestFirst = OnVertx.await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT id::text FROM push_challenge WHERE user_id = :user ORDER BY created_at DESC, id DESC",
                        String.class)
                .setParameter("user", user).getResultList())));
        assertThat(seen).isEqualTo(newestFirst);
    }

    @Test
    void badQueryValuesAreProblems() {
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("limit", 0), Map.of("limit", 101), Map.of("limit", "ten"),
                Map.of("cursor", "not-a-cursor"), Map.of("cursor", "bm90fGE"))) {
            list("acme", "anna", bad).then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("https://tweestap.io/problems/invalid-request"));
        }
        list("acme", "anna", Map.of("cursor", "x")).then().body("violations[0].field", equalTo("cursor"));
        list("acme", "anna", Map.of("limit", 101)).then().body("violations[0].field", equalTo("limit"));
    }

    static Response list(String tenant, String userId, Map<String, ?> query) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, "challenge:admin")).queryParams(query)
                .when().get(SIGN_INS, userId);
    }

    private static void sql(String statement, Map<String, Object> parameters) {
        OnVertx.await(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(statement);
            parameters.forEach(query::setParameter);
            return query.executeUpdate();
        })));
    }
}
