package io.tweestap.sms;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tweestap.sms.domain.PhoneVerification;
import io.tweestap.sms.domain.SmsCodes;
import io.tweestap.testkit.AtOnce;
import io.tweestap.testkit.OnVertx;
import io.tweestap.testkit.TestTokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Checks made at once are evaluated one at a time (the verification row is locked), and wrong codes
 * in a row count per user across codes, with back-off and a lock at 100 (decision 0025).
 */
@QuarkusTest
class CodeCheckTest {

    private static final String WRONG_CODE = "https://tweestap.io/problems/wrong-code";
    private static final String CODE_LOCKED = "https://tweestap.io/problems/code-locked";

    @Inject
    TestClock clock;

    @Inject
    SmsCodes codes;

    @Test
    void fortyWrongGuessesAtOnceAreEvaluatedAtMostFiveTimes() throws Exception {
        String number = TestNumbers.dutchMobile();
        String verificationId = SmsApi.start("acme", "raden@acme.example", number, "SMS", "en")
                .then().statusCode(201).extract().path("verificationId");
        String code = VonageSandbox.smsTo(TestNumbers.msisdn(number)).get(0).code();

        List<Callable<Response>> guesses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            guesses.add(() -> SmsApi.check("acme", verificationId, SmsApi.wrong(code)));
        }
        List<Response> answers = AtOnce.run(guesses);

        // Every evaluated guess answers wrong-code; the rest were refused without being compared.
        long evaluated = answers.stream().filter(a -> a.statusCode() == 422 && WRONG_CODE.equals(a.path("type"))).count();
        assertThat(evaluated).isEqualTo(5);
        assertThat(answers.stream().filter(a -> a.statusCode() == 422).map(a -> (Integer) a.path("attemptsLeft")))
                .containsExactlyInAnyOrder(4, 3, 2, 1, 0);
        assertThat(answers.stream().filter(a -> a.statusCode() == 429 && CODE_LOCKED.equals(a.path("type"))))
                .hasSize(35);
        PhoneVerification stored = verification(verificationId);
        assertThat(stored.checksMade).isEqualTo(5);
        assertThat(stored.status).isEqualTo(PhoneVerification.Status.LOCKED);

        SmsApi.check("acme", verificationId, code).then().statusCode(429).body("type", equalTo(CODE_LOCKED));
    }

    @Test
    void aResendDuringChecksIsNeverUndoneByThem() throws Exception {
        String number = TestNumbers.dutchMobile();
        String msisdn = TestNumbers.msisdn(number);
        String verificationId = SmsApi.start("acme", "wissel@acme.example", number, "SMS", "en")
                .then().statusCode(201).extract().path("verificationId");
        String oldCode = VonageSandbox.smsTo(msisdn).get(0).code();
        clock.advance(Duration.ofSeconds(61));

        List<Callable<Response>> calls = new ArrayList<>();
        calls.add(() -> SmsApi.resend("acme", verificationId));
        for (int i = 0; i < 3; i++) {
            calls.add(() -> SmsApi.check("acme", verificationId, SmsApi.wrong(oldCode)));
        }
        assertThat(AtOnce.run(calls).get(0).statusCode()).isEqualTo(202);
        String newCode = VonageSandbox.smsTo(msisdn).get(1).code();

        // The stored code is the new one, whatever order the checks were written in.
        assertThat(codes.matches(UUID.fromString(verificationId), newCode, verification(verificationId).codeHmac))
                .isTrue();
        if (!newCode.equals(oldCode)) {
            SmsApi.check("acme", verificationId, oldCode).then().statusCode(422);
        }
    }

    /**
     * Guesses spread over three open codes of one user, all at once: the run of wrong codes is one
     * per user, so only five are compared before the wait starts, not five per code.
     */
    @Test
    void wrongGuessesAtOnceAcrossSeveralCodesOfOneUserStopAtTheFifth() throws Exception {
        String user = "spreider-" + UUID.randomUUID() + "@acme.example";
        List<Callable<Response>> guesses = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            String number = TestNumbers.dutchMobile();
            String verificationId = SmsApi.start("acme", user, number, "SMS", "en")
                    .then().statusCode(201).extract().path("verificationId");
            String code = VonageSandbox.smsTo(TestNumbers.msisdn(number)).get(0).code();
            for (int i = 0; i < 8; i++) {
                guesses.add(() -> SmsApi.check("acme", verificationId, SmsApi.wrong(code)));
            }
        }
        List<Response> answers = AtOnce.run(guesses);

        long evaluated = answers.stream().filter(a -> a.statusCode() == 422 && WRONG_CODE.equals(a.path("type"))).count();
        assertThat(evaluated).isEqualTo(5);
        assertThat(answers.stream().filter(a -> a.statusCode() == 429
                && "https://tweestap.io/problems/code-check-backoff".equals(a.path("type")))).hasSize(19);
        assertThat(streak("acme", user)).isEqualTo(5);
    }

    @Test
    void aNewCodeDoesNotStartTheCountAgainAndFiveWrongInARowMeanAWait() {
        String user = "volhouder@acme.example";
        String first = TestNumbers.dutchMobile();
        String verificationId = SmsApi.start("acme", user, first, "SMS", "en")
                .then().statusCode(201).extract().path("verificationId");
        String code = VonageSandbox.smsTo(TestNumbers.msisdn(first)).get(0).code();
        for (int i = 0; i < 5; i++) {
            SmsApi.check("acme", verificationId, SmsApi.wrong(code)).then().statusCode(422);
        }

        // Five wrong in a row: no new code for a minute, to this number or another.
        String second = TestNumbers.dutchMobile();
        int wait = Integer.parseInt(SmsApi.start("acme", user, second, "SMS", "en")
                .then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/code-check-backoff"))
                .extract().header("Retry-After"));
        assertThat(wait).isBetween(50, 60);
        assertThat(VonageSandbox.smsTo(TestNumbers.msisdn(second))).isEmpty();

        clock.advance(Duration.ofSeconds(61));
        String next = SmsApi.start("acme", user, second, "SMS", "en")
                .then().statusCode(201).extract().path("verificationId");
        String nextCode = VonageSandbox.smsTo(TestNumbers.msisdn(second)).get(0).code();
        for (int i = 0; i < 4; i++) {
            SmsApi.check("acme", next, SmsApi.wrong(nextCode)).then().statusCode(422);
        }
        assertThat(streak("acme", user)).isEqualTo(9);
        // The tenth in a row: the user must wait again, twice as long.
        SmsApi.check("acme", next, SmsApi.wrong(nextCode)).then().statusCode(422);
        int longer = Integer.parseInt(SmsApi.start("acme", user, TestNumbers.dutchMobile(), "SMS", "en")
                .then().statusCode(429)
                .body("type", equalTo("https://tweestap.io/problems/code-check-backoff"))
                .extract().header("Retry-After"));
        assertThat(longer).isBetween(110, 120);
    }

    @Test
    void theRightCodeEndsTheRunOfWrongOnes() {
        String user = "bijna@acme.example";
        String number = TestNumbers.dutchMobile();
        String verificationId = SmsApi.start("acme", user, number, "SMS", "en")
                .then().statusCode(201).extract().path("verificationId");
        String code = VonageSandbox.smsTo(TestNumbers.msisdn(number)).get(0).code();
        for (int i = 0; i < 3; i++) {
            SmsApi.check("acme", verificationId, SmsApi.wrong(code)).then().statusCode(422);
        }
        assertThat(streak("acme", user)).isEqualTo(3);

        SmsApi.check("acme", verificationId, code).then().statusCode(200);
        assertThat(streak("acme", user)).isZero();
    }

    @Test
    void theHundredthWrongCodeInARowLocksCodesUntilAnAdministratorUnlocks() {
        String user = "raadt@acme.example";
        String number = TestNumbers.dutchMobile();
        String verificationId = SmsApi.start("acme", user, number, "SMS", "en")
                .then().statusCode(201).extract().path("verificationId");
        String code = VonageSandbox.smsTo(TestNumbers.msisdn(number)).get(0).code();
        // 99 wrong codes in a row before this one, their last back-off over.
        execute("INSERT INTO check_failure_streak (tenant_id, user_id, failures, blocked_until, last_failure_at) "
                + "VALUES ('acme', '" + user + "', 99, now() - interval '1 minute', now())");

        SmsApi.check("acme", verificationId, SmsApi.wrong(code)).then().statusCode(422);
        String locked = "https://tweestap.io/problems/phone-codes-locked";
        SmsApi.check("acme", verificationId, code).then().statusCode(429).body("type", equalTo(locked));
        clock.advance(Duration.ofDays(2));
        SmsApi.check("acme", verificationId, code).then().statusCode(429).body("type", equalTo(locked));
        SmsApi.start("acme", user, TestNumbers.dutchMobile(), "SMS", "en").then().statusCode(429)
                .body("type", equalTo(locked));
        // Only another tenant's user of the same name is unaffected.
        String elsewhere = TestNumbers.dutchMobile();
        SmsApi.start("globex", user, elsewhere, "SMS", "en").then().statusCode(201);

        // The wizard's and sign-in's scope cannot unlock; an administrator's can.
        unlock("acme", user, "sms:write").then().statusCode(403);
        unlock("acme", user, "sms:admin").then().statusCode(204);
        assertThat(streak("acme", user)).isZero();
        String fresh = TestNumbers.dutchMobile();
        String again = SmsApi.start("acme", user, fresh, "SMS", "en")
                .then().statusCode(201).extract().path("verificationId");
        SmsApi.check("acme", again, VonageSandbox.smsTo(TestNumbers.msisdn(fresh)).get(0).code())
                .then().statusCode(200);
    }

    private static Response unlock(String tenant, String user, String scope) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, scope))
                .when().delete("/api/v1/users/{userId}/wrong-codes", user);
    }

    private static PhoneVerification verification(String id) {
        return OnVertx.await(() -> Panache.withSession(() -> PhoneVerification.<PhoneVerification>findById(
                UUID.fromString(id))));
    }

    private static int streak(String tenant, String user) {
        List<?> rows = OnVertx.await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT failures FROM check_failure_streak WHERE tenant_id = :t AND user_id = :u",
                        Integer.class)
                .setParameter("t", tenant).setParameter("u", user).getResultList())));
        return rows.isEmpty() ? 0 : ((Number) rows.get(0)).intValue();
    }

    private static void execute(String sql) {
        OnVertx.await(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(sql).executeUpdate())));
    }
}
