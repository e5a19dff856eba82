package io.tweestap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tweestap.authenticator.AccountStore;
import io.tweestap.authenticator.ActivationLink;
import io.tweestap.authenticator.AnswerResult;
import io.tweestap.authenticator.Authenticator;
import io.tweestap.authenticator.LinkedAccount;
import io.tweestap.authenticator.QrImage;
import io.tweestap.authenticator.ServiceProblem;
import io.tweestap.authenticator.SignInRequest;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;
import io.tweestap.e2e.journey.Narrator;
import io.tweestap.e2e.journey.PlatformCalls;
import io.tweestap.e2e.journey.EnrollmentJourney;
import io.tweestap.e2e.journey.EnrollmentJourney.Enrolled;
import io.tweestap.e2e.journey.SignInJourney;
import io.tweestap.e2e.journey.SetupWizardBrowser;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 item 2 (decision 0094) against the packaged services: Noor, enrolled with her old phone,
 * moves to a new one from her own methods page; the new phone scans the wizard's QR code, the old one
 * gets challenge-service's push and approves it with the number the page shows; then the new phone
 * signs her in and the old one is no longer hers. Then (issue 16 item 1) she loses the new phone and
 * comes back with a temporary access pass from the help desk.
 */
class MoveToANewPhoneSystemTest {

    private static final Narrator NARRATOR = Narrator.printing(System.out);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static RunningTweestap platform;

    @BeforeAll
    static void startThePlatform() {
        platform = RunningTweestap.get();
    }

    @Test
    void noorMovesToANewPhoneWithTheOldOneApproving() throws Exception {
        PlatformCalls acme = new PlatformCalls(platform.endpoints(), platform.tokens(), "acme");
        Authenticator oldPhone = new Authenticator(new AccountStore(Files.createTempDirectory("tweestap-e2e-old-phone-")));
        Authenticator newPhone = new Authenticator(new AccountStore(Files.createTempDirectory("tweestap-e2e-new-phone-")));
        Enrolled noor;
        try (SetupWizardBrowser browser = new SetupWizardBrowser("nl")) {
            noor = new EnrollmentJourney(acme, oldPhone, platform.endpoints().vonageSandbox(), NARRATOR)
                    .enrol(People.person("noor", "nl", false), browser);
        }
        String userId = noor.person().userId();
        String oldDevice = noor.account().deviceId();

        LinkedAccount moved;
        try (SetupWizardBrowser browser = new SetupWizardBrowser("nl")) {
            browser.open(acme.methodsPageLink(userId).expect(201).text("url"));
            browser.awaitPage("methods");
            NARRATOR.tell("browser", "methods page; moving from " + oldDevice);
            browser.press("move-" + oldDevice);
            browser.awaitStep("app");
            browser.next();
            browser.awaitStep("account");
            browser.next();
            browser.awaitStep("qr");
            moved = newPhone.activate(ActivationLink.parse(QrImage.read(browser.qrPicture())), "noor's new phone");
            NARRATOR.tell("new phone", "account added, device " + moved.deviceId());

            // The wizard hands over to the move page, which asks the old phone.
            browser.awaitPage("move");
            Awaitility.await("the old phone asked").atMost(PATIENCE).until(() -> {
                if (!"AWAITING_OLD_DEVICE".equals(browser.moveState())) {
                    browser.press("move-check");
                    return false;
                }
                return true;
            });
            String number = browser.text("#move-number");
            NARRATOR.tell("browser", browser.text("#move-state") + " " + number);
            SignInRequest request = Awaitility.await("the request on the old phone").atMost(PATIENCE)
                    .until(() -> oldPhone.pending(noor.account()).stream().filter(SignInRequest::isEnrollmentTest)
                            .findFirst(), Optional::isPresent).orElseThrow();
            assertThat(request.application()).isEqualTo("Tweestap: move to a new phone");
            AnswerResult answer = oldPhone.approve(noor.account(), request, number);
            NARRATOR.tell("old phone", "typed " + number + " -> " + answer.status());
            assertThat(answer.approved()).isTrue();

            Awaitility.await("the move completed").atMost(PATIENCE).until(() -> {
                browser.press("move-check");
                return "COMPLETED".equals(browser.moveState());
            });
            NARRATOR.tell("browser", browser.text("#move-state"));
        }

        PlatformCalls.Answer methods = acme.methods(userId).expect(200);
        assertThat(methods.body().path("methods").toString()).contains(moved.deviceId()).doesNotContain(oldDevice);
        Enrolled onTheNewPhone = new Enrolled(noor.person(), moved, List.of(), Duration.ZERO, null, null);
        SignInJourney.SignIn signIn = new SignInJourney(acme, newPhone, platform.endpoints().vonageSandbox(), NARRATOR)
                .signIn(onTheNewPhone, Decision.APPROVE, true);
        assertThat(signIn.status()).isEqualTo("APPROVED");
        // The old phone is no longer one of hers: challenge-service does not know it any more.
        Awaitility.await("the old phone refused").atMost(PATIENCE).untilAsserted(() ->
                assertThatThrownBy(() -> oldPhone.pending(noor.account())).isInstanceOfSatisfying(ServiceProblem.class,
                        problem -> assertThat(problem.status()).isEqualTo(401)));

        loseItAndComeBackWithAnAccessPass(acme, noor, newPhone, moved);
    }

    /**
     * Weeks later Noor loses that phone: "I lost this phone" on her methods page blocks it at once. The
     * help desk checks who she is and reads her a temporary access pass; at the next sign-in she types it,
     * the wizard links her replacement phone and its new SIM's number, and from then on sign-ins reach
     * the replacement and never the lost phone. The pass works once.
     */
    private static void loseItAndComeBackWithAnAccessPass(PlatformCalls acme, Enrolled noor, Authenticator lostPhone,
            LinkedAccount lost) throws Exception {
        String userId = noor.person().userId();
        try (SetupWizardBrowser browser = new SetupWizardBrowser("nl")) {
            browser.open(acme.methodsPageLink(userId).expect(201).text("url"));
            browser.awaitPage("methods");
            browser.press("lost-" + lost.deviceId());
            Awaitility.await("the lost phone blocked").atMost(PATIENCE).until(() ->
                    blocked(acme.methods(userId).expect(200).body(), lost.deviceId()));
            NARRATOR.tell("browser", "methods page: \"I lost this phone\" for " + lost.deviceId() + " -> blocked");
        }

        String pass = acme.issueAccessPass(userId).expect(201).text("code");
        NARRATOR.tell("help desk", "checked who she is; read her a temporary access pass");
        EnrollmentJourney.Person newSim = People.person("noor", "nl", false);
        EnrollmentJourney.Person noorAgain = new EnrollmentJourney.Person(userId, "nl", newSim.regionCode(),
                newSim.nationalNumber(), newSim.msisdn(), false, "noor's replacement phone");
        Authenticator replacement = new Authenticator(new AccountStore(Files.createTempDirectory("tweestap-e2e-replacement-")));
        EnrollmentJourney onTheReplacement = new EnrollmentJourney(acme, replacement, platform.endpoints().vonageSandbox(), NARRATOR);
        Enrolled back;
        try (SetupWizardBrowser browser = new SetupWizardBrowser("nl")) {
            back = onTheReplacement.returnWithAccessPass(noorAgain, pass, browser);
        }
        assertThat(back.account().deviceId()).isNotEqualTo(lost.deviceId());
        // The wizard's last page lists what she has, and says the lost phone is blocked.
        assertThat(back.methodsShown()).anySatisfy(line -> assertThat(line).contains("noor's new phone", "geblokkeerd"))
                .anySatisfy(line -> assertThat(line).contains("noor's replacement phone").doesNotContain("geblokkeerd"));
        acme.redeemAccessPass(userId, pass).expect(422);

        SignInJourney.SignIn signIn = new SignInJourney(acme, replacement, platform.endpoints().vonageSandbox(), NARRATOR)
                .signIn(back, Decision.APPROVE, true);
        assertThat(signIn.status()).isEqualTo("APPROVED");
        // Whoever holds the lost phone sees no sign-in of hers, and cannot answer one.
        assertThat(pendingOrRefused(lostPhone, lost)).extracting(SignInRequest::challengeId).doesNotContain(signIn.challengeId());
        assertThat(acme.methods(userId).expect(200).body().path("methods").toString())
                .contains(back.account().deviceId(), lost.deviceId());
    }

    private static boolean blocked(JsonNode methods, String deviceId) {
        for (JsonNode method : methods.path("methods")) {
            if (deviceId.equals(method.path("methodId").asText())) {
                return method.path("blocked").asBoolean();
            }
        }
        return false;
    }

    private static List<SignInRequest> pendingOrRefused(Authenticator phone, LinkedAccount account) {
        try {
            return phone.pending(account);
        } catch (ServiceProblem refused) {
            NARRATOR.tell("lost phone", "refused: " + refused.status());
            return List.of();
        }
    }
}
