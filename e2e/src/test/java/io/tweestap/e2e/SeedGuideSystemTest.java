package io.tweestap.e2e;

import io.tweestap.authenticator.AccountStore;
import io.tweestap.authenticator.Authenticator;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;
import io.tweestap.e2e.journey.Narrator;
import io.tweestap.e2e.journey.PlatformCalls;
import io.tweestap.e2e.journey.EnrollmentJourney;
import io.tweestap.e2e.journey.EnrollmentJourney.Enrolled;
import io.tweestap.e2e.journey.SignInJourney;
import io.tweestap.e2e.journey.SignInJourney.SignIn;
import io.tweestap.e2e.journey.SetupWizardBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed guide, walked by a person in headless Chromium with the reference authenticator as their
 * phone, against the four packaged services, a real Kafka broker, PostgreSQL and the Vonage sandbox
 * behind the real Vonage SDK. Nothing is stood in. The tests run in order: later ones sign in as
 * the people the earlier ones enrolled.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeedGuideSystemTest {

    private static final Narrator NARRATOR = Narrator.printing(System.out);

    private static RunningTweestap platform;
    private static Authenticator phoneApp;
    private static Enrolled noor;
    private static Enrolled sam;
    /** When the resend pause seen by test 4 is over (System.nanoTime()). */
    private static long smsAllowedAgainAt;

    @BeforeAll
    static void startThePlatform() throws Exception {
        platform = RunningTweestap.get();
        NARRATOR.tell("e2e", "platform started in " + platform.startedIn().toMillis() + " ms: " + platform.endpoints());
        phoneApp = new Authenticator(new AccountStore(Files.createTempDirectory("tweestap-e2e-authenticator-")));
    }

    private static EnrollmentJourney enrolment(String tenant) {
        return new EnrollmentJourney(new PlatformCalls(platform.endpoints(), platform.tokens(), tenant), phoneApp,
                platform.endpoints().vonageSandbox(), NARRATOR);
    }

    private static SignInJourney signIns(String tenant) {
        return new SignInJourney(new PlatformCalls(platform.endpoints(), platform.tokens(), tenant), phoneApp,
                platform.endpoints().vonageSandbox(), NARRATOR);
    }

    private static PlatformCalls platformOf(String tenant) {
        return new PlatformCalls(platform.endpoints(), platform.tokens(), tenant);
    }

    @Test
    @Order(1)
    void aDutchEmployeeWalksTheGuideAndApprovesASignInOnThePhone() throws Exception {
        try (SetupWizardBrowser browser = new SetupWizardBrowser("nl"); PlatformPortal portal = new PlatformPortal()) {
            URI signedIn = portal.page("/payroll/signed-in");
            noor = enrolment("acme").returningTo(signedIn).enrol(People.person("noor", "nl", false), browser);
            // Seed step 13's "Gereed" takes her back to what she was signing in to.
            assertThat(noor.finishedAt()).isEqualTo(signedIn.toString());
            assertThat(portal.visits()).first().isEqualTo("/payroll/signed-in");
        }
        String masked = "+31 6 ****" + noor.person().nationalNumber().substring(6);
        assertThat(noor.methodsShown()).containsExactly("Authenticator-app: noor's phone", "Telefoon: " + masked);
        PlatformCalls.Answer registration = platformOf("acme").registration(noor.person().userId()).expect(200);
        assertThat(registration.text("standing")).isEqualTo("REGISTERED");
        assertThat(registration.body().path("methods").toString()).doesNotContain(noor.person().nationalNumber().substring(1));

        SignIn signIn = signIns("acme").signIn(noor, Decision.APPROVE, true);
        assertThat(signIn.status()).isEqualTo("APPROVED");
        NARRATOR.tell("figures", String.format("wizard %d ms; sign-in created -> push on the phone %.1f ms, -> long-poll APPROVED %.1f ms",
                noor.took().toMillis(), signIn.createdToPush().toNanos() / 1e6, signIn.createdToDecided().toNanos() / 1e6));
    }

    @Test
    @Order(2)
    void aSignInDeniedOnThePhoneIsDeniedForThePlatform() throws Exception {
        SignIn signIn = signIns("acme").signIn(noor, Decision.DENY, true);
        assertThat(signIn.status()).isEqualTo("DENIED");
        assertThat(signIn.reason()).isEqualTo("USER_DENIED");
    }

    @Test
    @Order(3)
    void aWrongNumberTypedOnThePhoneDenies() throws Exception {
        SignIn signIn = signIns("acme").signIn(noor, Decision.APPROVE, false);
        assertThat(signIn.status()).isEqualTo("DENIED");
        assertThat(signIn.reason()).isEqualTo("WRONG_NUMBER");
    }

    @Test
    @Order(4)
    void anSmsSignInStraightAfterTheEnrolmentSmsWaitsForTheResendPause() {
        PlatformCalls.Answer refused = platformOf("acme").signInBySms(noor.person().userId(), "nl");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.text("type")).endsWith("/sms-limit");
        assertThat(refused.retryAfterSeconds()).isBetween(1L, 20L);
        smsAllowedAgainAt = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(refused.retryAfterSeconds());
    }

    @Test
    @Order(5)
    void anEnglishSpeakerEnrolsWithACallInsteadOfAnSms() throws Exception {
        try (SetupWizardBrowser browser = new SetupWizardBrowser("en")) {
            sam = enrolment("globex").enrol(People.person("sam", "en", true), browser);
        }
        assertThat(sam.methodsShown()).containsExactly("Authenticator app: sam's phone",
                "Phone: +31 6 ****" + sam.person().nationalNumber().substring(6));
        // This platform gave no page to return to, so the wizard says what to do instead.
        assertThat(sam.finishedAt()).isEqualTo("You can close this page now.");
        SignIn signIn = signIns("globex").signIn(sam, Decision.APPROVE, true);
        assertThat(signIn.status()).isEqualTo("APPROVED");
        NARRATOR.tell("figures", String.format("wizard %d ms; sign-in created -> push on the phone %.1f ms, -> long-poll APPROVED %.1f ms",
                sam.took().toMillis(), signIn.createdToPush().toNanos() / 1e6, signIn.createdToDecided().toNanos() / 1e6));
    }

    @Test
    @Order(6)
    void aReportedSignInBlocksFurtherPushesUntilTheHelpDeskUnblocks() throws Exception {
        SignIn signIn = signIns("globex").signIn(sam, Decision.REPORT_FRAUD, true);
        assertThat(signIn.status()).isEqualTo("DENIED");
        assertThat(signIn.reason()).isEqualTo("FRAUD_REPORTED");

        PlatformCalls globex = platformOf("globex");
        PlatformCalls.Answer refused = globex.signIn(sam.person().userId(), "Payroll portal", "203.0.113.7", "Utrecht, NL");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("type")).endsWith("/pushes-blocked");

        assertThat(globex.unblock(sam.person().userId()).expect(200).text("wasBlocked")).isEqualTo("true");
    }

    @Test
    @Order(7)
    void anUnansweredSignInExpires() {
        PlatformCalls globex = platformOf("globex");
        globex.challengePolicy(2, 5).expect(200);
        try {
            SignIn signIn = signIns("globex").unanswered(sam);
            assertThat(signIn.status()).isEqualTo("EXPIRED");
        } finally {
            globex.challengePolicy(2, 60).expect(200);
        }
    }

    /** Runs last so the other tests use up most of the resend pause that test 4 ran into. */
    @Test
    @Order(8)
    void theVerifiedPhoneSignsInByTextMessage() throws Exception {
        long wait = smsAllowedAgainAt - System.nanoTime();
        if (wait > 0) {
            NARRATOR.tell("e2e", "waiting " + wait / 1_000_000 + " ms for the resend pause sms-service asked for");
            Thread.sleep(wait / 1_000_000 + 200);
        }
        SignIn signIn = signIns("acme").signInBySms(noor);
        assertThat(signIn.status()).isEqualTo("APPROVED");
    }
}
