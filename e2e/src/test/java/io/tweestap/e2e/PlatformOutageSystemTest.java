package io.tweestap.e2e;

import io.tweestap.authenticator.AccountStore;
import io.tweestap.authenticator.Authenticator;
import io.tweestap.authenticator.PushFrame;
import io.tweestap.authenticator.PushStream;
import io.tweestap.authenticator.SignInRequest;
import io.tweestap.e2e.journey.Narrator;
import io.tweestap.e2e.journey.PlatformCalls;
import io.tweestap.e2e.journey.EnrollmentJourney;
import io.tweestap.e2e.journey.EnrollmentJourney.Enrolled;
import io.tweestap.e2e.journey.SetupWizardBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service restarted, or Kafka stopped and started, in the middle of a flow loses nothing and
 * duplicates nothing the user can see (docs/architecture.md, "Rules every part keeps"). Shown on the whole platform: a sign-in started
 * while Kafka is down, and one started while notification-service is down, each reach the phone
 * once when the part comes back, and the platform's long-poll sees the approval.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformOutageSystemTest {

    private static final Narrator NARRATOR = Narrator.printing(System.out);
    private static final String TENANT = "initech";
    /** Kafka clients reconnect with back-off and consumer groups rebalance after a broker restart. */
    private static final Duration AFTER_AN_OUTAGE = Duration.ofSeconds(120);

    private static RunningTweestap platform;
    private static Authenticator phoneApp;
    private static PlatformCalls initech;
    private static Enrolled lotte;

    @BeforeAll
    static void enrolSomeone() throws Exception {
        platform = RunningTweestap.get();
        phoneApp = new Authenticator(new AccountStore(Files.createTempDirectory("tweestap-e2e-outage-")));
        initech = new PlatformCalls(platform.endpoints(), platform.tokens(), TENANT);
        try (SetupWizardBrowser browser = new SetupWizardBrowser("nl")) {
            lotte = new EnrollmentJourney(initech, phoneApp, platform.endpoints().vonageSandbox(), NARRATOR)
                    .enrol(People.person("lotte", "nl", false), browser);
        }
    }

    @Test
    @Order(1)
    void aSignInStartedWhileKafkaIsDownReachesThePhoneOnceKafkaIsBack() throws Exception {
        BlockingQueue<PushFrame> pushes = new LinkedBlockingQueue<>();
        try (PushStream stream = phoneApp.listen(lotte.account(), pushes::add)) {
            platform.stopKafka();
            NARRATOR.tell("e2e", "Kafka broker stopped");
            PlatformCalls.Answer challenge;
            try {
                // The decision is challenge-service's own: it answers at once; ChallengeCreated waits in its outbox.
                challenge = initech.signIn(lotte.person().userId(), "Payroll portal", "203.0.113.7", "Utrecht, NL");
                assertThat(challenge.status()).isEqualTo(201);
                NARRATOR.tell("platform", "sign-in created while Kafka is down: " + challenge.text("challengeId"));
            } finally {
                platform.startKafka();
                NARRATOR.tell("e2e", "Kafka broker started again");
            }
            String challengeId = challenge.text("challengeId");
            PushFrame push = awaitPush(pushes, challengeId);
            NARRATOR.tell("phone", "push arrived after the outage: " + push.application());

            approve(challengeId, challenge.text("numberToShow"));
            assertThat(initech.awaitDecision(challengeId, 30).expect(200).text("status")).isEqualTo("APPROVED");
            assertThat(duplicatesOf(pushes, challengeId)).as("the push reached the phone once").isZero();
        }
    }

    @Test
    @Order(2)
    void aSignInStartedWhileNotificationServiceIsDownReachesThePhoneWhenItReturns() throws Exception {
        platform.stopService("notification");
        NARRATOR.tell("e2e", "notification-service stopped");
        PlatformCalls.Answer challenge = initech.signIn(lotte.person().userId(), "Payroll portal", "203.0.113.7", "Utrecht, NL")
                .expect(201);
        String challengeId = challenge.text("challengeId");
        platform.startService("notification");
        NARRATOR.tell("e2e", "notification-service started again");

        BlockingQueue<PushFrame> pushes = new LinkedBlockingQueue<>();
        // The phone reconnects its push channel; what was queued while it was away is sent on connect.
        try (PushStream stream = phoneApp.listen(lotte.account(), pushes::add)) {
            PushFrame push = awaitPush(pushes, challengeId);
            NARRATOR.tell("phone", "push arrived after the restart: " + push.application());
            approve(challengeId, challenge.text("numberToShow"));
            assertThat(initech.awaitDecision(challengeId, 30).expect(200).text("status")).isEqualTo("APPROVED");
            assertThat(duplicatesOf(pushes, challengeId)).as("the push reached the phone once").isZero();
        }
    }

    private void approve(String challengeId, String number) {
        SignInRequest request = phoneApp.pending(lotte.account()).stream()
                .filter(r -> r.challengeId().equals(challengeId)).findFirst().orElseThrow();
        assertThat(phoneApp.approve(lotte.account(), request, number).status()).isEqualTo("APPROVED");
    }

    private static PushFrame awaitPush(BlockingQueue<PushFrame> pushes, String challengeId) throws InterruptedException {
        long deadline = System.nanoTime() + AFTER_AN_OUTAGE.toNanos();
        while (System.nanoTime() < deadline) {
            PushFrame frame = pushes.poll(250, TimeUnit.MILLISECONDS);
            if (frame != null && frame.isChallenge() && challengeId.equals(frame.challengeId())) {
                return frame;
            }
        }
        throw new AssertionError("no push for " + challengeId + " within " + AFTER_AN_OUTAGE.toSeconds() + " s");
    }

    /** Further copies of the challenge's push that arrived by now (the first was taken by awaitPush). */
    private static long duplicatesOf(BlockingQueue<PushFrame> pushes, String challengeId) {
        List<PushFrame> rest = new java.util.ArrayList<>();
        pushes.drainTo(rest);
        return rest.stream().filter(f -> f.isChallenge() && challengeId.equals(f.challengeId())).count();
    }
}
