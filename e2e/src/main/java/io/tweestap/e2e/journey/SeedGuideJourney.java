package io.tweestap.e2e.journey;

import io.tweestap.authenticator.ActivationLink;
import io.tweestap.authenticator.AnswerResult;
import io.tweestap.authenticator.Authenticator;
import io.tweestap.authenticator.LinkedAccount;
import io.tweestap.authenticator.PushFrame;
import io.tweestap.authenticator.PushStream;
import io.tweestap.authenticator.QrImage;
import io.tweestap.authenticator.SignInRequest;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The customer manual's journey (the customer's Dutch setup guide) against the running
 * platform: the platform sees "registration required" and opens the wizard, the person walks it in a
 * browser, links the reference authenticator by scanning the QR from the screen, approves the test
 * push with the number on the page, adds a phone and types the code the SMS brought; later sign-ins
 * are answered on the authenticator. Each step is told as the person or the platform sees it.
 */
public final class SeedGuideJourney {

    /** Someone to enrol: their account, language, and the mobile phone the sandbox plays. */
    public record Person(String userId, String language, String regionCode, String nationalNumber, String msisdn,
            boolean call, String deviceName) {
    }

    /**
     * A person who finished the wizard: the authenticator's linked account, how long the wizard took, and
     * where "Done" left them (the platform's page, or the wizard's "you can close this page"), and the
     * activation link the QR code carried (the secrets scan looks for its code in logs and events).
     */
    public record Enrolled(Person person, LinkedAccount account, List<String> methodsShown, Duration took,
            String finishedAt, ActivationLink activation) {
    }

    /** How a push sign-in ended, and the measured time from creating it to the platform's long-poll seeing it. */
    public record SignIn(String challengeId, String numberShown, String status, String reason, Duration createdToDecided,
            Duration createdToPush) {
    }

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    private final PlatformCalls platform;
    private final Authenticator authenticator;
    private final java.net.URI vonageSandbox;
    private final Narrator narrator;
    private java.net.URI returnUrl;

    public SeedGuideJourney(PlatformCalls platform, Authenticator authenticator, java.net.URI vonageSandbox, Narrator narrator) {
        this.platform = platform;
        this.authenticator = authenticator;
        this.vonageSandbox = vonageSandbox;
        this.narrator = narrator;
    }

    /** The platform page the wizard's "Done" leads back to, as the platform's sign-in page would pass it. */
    public SeedGuideJourney returningTo(java.net.URI platformPage) {
        this.returnUrl = platformPage;
        return this;
    }

    /** Seed steps 3-13, from "more information required" to "verification complete" and "Done". */
    public Enrolled enrol(Person person, SetupWizardBrowser browser) throws IOException, InterruptedException {
        Instant start = Instant.now();
        PlatformCalls.Answer registration = platform.registration(person.userId()).expect(200);
        narrator.tell("platform", "GET /users/" + person.userId() + "/registration -> " + registration.text("standing")
                + ", registrationRequired=" + registration.text("registrationRequired"));
        if (!"true".equals(registration.text("registrationRequired"))) {
            throw new IllegalStateException(person.userId() + " is not asked to register: " + registration.body());
        }
        PlatformCalls.Answer enrollment = (returnUrl == null ? platform.startEnrollment(person.userId())
                : platform.startEnrollment(person.userId(), returnUrl)).expect(201);
        String link = enrollment.body().path("link").path("url").asText();
        narrator.tell("platform", "POST /enrollments -> enrolment " + enrollment.text("enrollmentId")
                + "; the sign-in page sends the browser to the single-use link");
        return throughTheWizard(person, link, browser, start);
    }

    /**
     * Back after losing her phone: the help desk, having checked who she is, read her a temporary
     * access pass; the sign-in page lets her type it instead of approving a push, the platform redeems
     * it, and the wizard it opens links her replacement phone (and the number of its new SIM) as an
     * enrolment's does.
     */
    public Enrolled returnWithAccessPass(Person person, String accessPass, SetupWizardBrowser browser)
            throws IOException, InterruptedException {
        Instant start = Instant.now();
        PlatformCalls.Answer redeemed = platform.redeemAccessPass(person.userId(), accessPass).expect(201);
        narrator.tell("platform", "POST /temporary-access-passes/redemptions -> enrolment " + redeemed.text("enrollmentId")
                + "; the sign-in page sends the browser to the wizard");
        return throughTheWizard(person, redeemed.body().path("link").path("url").asText(), browser, start);
    }

    private Enrolled throughTheWizard(Person person, String link, SetupWizardBrowser browser, Instant start)
            throws IOException, InterruptedException {
        // Seed step 4: "more information required".
        browser.open(link);
        browser.awaitStep("required");
        narrator.tell("browser", browser.heading() + "  (page language: " + browser.language() + ")");
        browser.next();
        // Seed steps 5-6: install the app, add a work or school account.
        browser.awaitStep("app");
        narrator.tell("browser", browser.text("#step-count") + ": " + browser.heading());
        browser.next();
        browser.awaitStep("account");
        narrator.tell("browser", browser.text("#step-count") + ": " + browser.heading());
        browser.next();

        // Seed step 7: scan the QR code shown on the screen.
        browser.awaitStep("qr");
        narrator.tell("browser", browser.text("#step-count") + ": " + browser.heading());
        ActivationLink scanned = ActivationLink.parse(scan(browser));
        narrator.tell("phone", "camera read the QR code: activate at " + scanned.enrollmentUrl());
        LinkedAccount account = authenticator.activate(scanned, person.deviceName());
        narrator.tell("phone", "account added: " + account.label() + ", device " + account.deviceId()
                + " (P-256 key made on the phone; only the public key was sent)");

        // Seed steps 8-9: the page moved on by itself and shows the number for the test push.
        String number = browser.awaitTestNumber();
        narrator.tell("browser", browser.heading() + ": the page shows " + number);
        SignInRequest test = awaitPending(account, SignInRequest::isEnrollmentTest);
        narrator.tell("phone", "test notification arrived; typing " + number);
        AnswerResult answered = authenticator.approve(account, test, number);
        narrator.tell("phone", "answer: " + answered.status());
        narrator.tell("browser", browser.awaitApprovalSeen());
        browser.next();

        // Seed step 11: country or region, number, SMS or call.
        browser.awaitStep("phone");
        narrator.tell("browser", browser.text("#step-count") + ": " + browser.heading() + " (region preselected: "
                + browser.selectedRegion() + ")");
        SandboxPhone phone = new SandboxPhone(vonageSandbox, person.msisdn());
        List<SandboxPhone.TextMessage> before = phone.messages();
        List<SandboxPhone.Call> callsBefore = phone.calls();
        browser.choosePhone(person.regionCode(), person.nationalNumber(), person.call());
        narrator.tell("browser", "entered " + person.regionCode() + " " + person.nationalNumber() + ", "
                + (person.call() ? "call me" : "send code by SMS"));

        // Seed step 12: the code the phone received.
        browser.awaitStep("code");
        narrator.tell("browser", browser.text("#sent-to"));
        String code;
        if (person.call()) {
            SandboxPhone.Call call = phone.awaitNewCall(callsBefore, PATIENCE);
            if (!call.placed()) {
                // The journal holds the request, code and all, but Vonage would have rung nobody.
                throw new IllegalStateException("Vonage refused the call with HTTP " + call.status()
                        + " (is sms-service given the Vonage application id and private key?)");
            }
            narrator.tell("mobile", "the phone rings; a voice says: \"" + call.spokenText() + "\"");
            code = call.code();
        } else {
            SandboxPhone.TextMessage sms = phone.awaitNewMessage(before, PATIENCE);
            narrator.tell("mobile", "SMS from " + sms.from() + ": \"" + sms.text() + "\"");
            code = sms.code();
        }
        browser.enterCode(code);

        // Seed step 13: done.
        List<String> methods = browser.methodsShown();
        narrator.tell("browser", browser.heading() + " " + methods);
        String finishedAt = browser.finish();
        narrator.tell("browser", returnUrl == null ? finishedAt : "Done -> back at " + finishedAt);
        Duration took = Duration.between(start, Instant.now());

        PlatformCalls.Answer registered = awaitRegistered(person.userId());
        narrator.tell("platform", "GET /users/" + person.userId() + "/registration -> " + registered.text("standing")
                + ", registrationRequired=" + registered.text("registrationRequired"));
        return new Enrolled(person, account, methods, took, finishedAt, scanned);
    }

    /**
     * A later sign-in: the platform creates a push challenge and long-polls for the decision while the
     * authenticator, listening on its direct channel, gets the push and answers it.
     */
    public SignIn signIn(Enrolled enrolled, Decision decision, boolean typeTheRightNumber) throws InterruptedException {
        BlockingQueue<PushFrame> pushes = new LinkedBlockingQueue<>();
        try (PushStream stream = authenticator.listen(enrolled.account(), pushes::add)) {
            return signIn(enrolled, pushes, decision, typeTheRightNumber);
        }
    }

    /** The same, on a push channel the phone already holds open ({@code pushes} is fed by its {@link PushStream}). */
    public SignIn signIn(Enrolled enrolled, BlockingQueue<PushFrame> pushes, Decision decision, boolean typeTheRightNumber)
            throws InterruptedException {
        long created = System.nanoTime();
        PlatformCalls.Answer challenge = platform.signIn(enrolled.person().userId(), "Payroll portal",
                "203.0.113.7", "Utrecht, NL").expect(201);
        String challengeId = challenge.text("challengeId");
        String number = challenge.text("numberToShow");
        CompletableFuture<PlatformCalls.Answer> decided = CompletableFuture.supplyAsync(
                () -> awaitDecided(challengeId, created));
        narrator.tell("platform", "sign-in to Payroll portal: push sent, the sign-in screen shows " + number);

        PushFrame push = awaitPush(pushes, challengeId);
        long pushed = System.nanoTime();
        // As a phone does: the push carries what the answer signs (decision 0097).
        SignInRequest request = push.request()
                .orElseThrow(() -> new IllegalStateException("the push lacks the server nonce its answer signs"));
        narrator.tell("phone", "push: " + push.application() + " from " + push.location() + ", IP " + push.ipAddress());
        String typed = typeTheRightNumber ? number : wrongNumber(number);
        AnswerResult answer = authenticator.answer(enrolled.account(), request, decision,
                decision == Decision.APPROVE ? typed : null);
        narrator.tell("phone", describe(decision, typed) + " -> " + answer.status()
                + (answer.reason() == null ? "" : " (" + answer.reason() + ")"));

        PlatformCalls.Answer outcome = decided.join();
        long decidedAt = System.nanoTime();
        narrator.tell("platform", "long-poll sees " + outcome.text("status")
                + (outcome.text("reason") == null ? "" : " (" + outcome.text("reason") + ")")
                + String.format(" %.1f ms after the challenge was created", (decidedAt - created) / 1e6));
        return new SignIn(challengeId, number, outcome.text("status"), outcome.text("reason"),
                Duration.ofNanos(decidedAt - created), Duration.ofNanos(pushed - created));
    }

    /** A sign-in nobody answers: the platform's long-poll sees it expire. */
    public SignIn unanswered(Enrolled enrolled) {
        long created = System.nanoTime();
        PlatformCalls.Answer challenge = platform.signIn(enrolled.person().userId(), "Payroll portal",
                "198.51.100.23", "Lagos, NG").expect(201);
        narrator.tell("platform", "sign-in to Payroll portal, expires at " + challenge.text("expiresAt") + "; the phone stays in a pocket");
        PlatformCalls.Answer outcome = awaitDecided(challenge.text("challengeId"), created);
        narrator.tell("platform", "long-poll sees " + outcome.text("status"));
        return new SignIn(challenge.text("challengeId"), challenge.text("numberToShow"), outcome.text("status"),
                outcome.text("reason"), Duration.ofNanos(System.nanoTime() - created), null);
    }

    /** SMS fallback for a sign-in: the code goes to the verified phone and the sign-in page submits it. */
    public SignIn signInBySms(Enrolled enrolled) throws InterruptedException {
        SandboxPhone phone = new SandboxPhone(vonageSandbox, enrolled.person().msisdn());
        List<SandboxPhone.TextMessage> before = phone.messages();
        long created = System.nanoTime();
        PlatformCalls.Answer challenge = platform.signInBySms(enrolled.person().userId(), enrolled.person().language()).expect(201);
        String challengeId = challenge.text("challengeId");
        narrator.tell("platform", "sign-in by SMS code instead of a push: challenge " + challengeId);
        SandboxPhone.TextMessage sms = phone.awaitNewMessage(before, PATIENCE);
        narrator.tell("mobile", "SMS from " + sms.from() + ": \"" + sms.text() + "\"");
        PlatformCalls.Answer approved = platform.submitSmsCode(challengeId, sms.code());
        narrator.tell("platform", "code typed on the sign-in page -> HTTP " + approved.status() + " " + approved.text("status"));
        PlatformCalls.Answer outcome = awaitDecided(challengeId, created);
        return new SignIn(challengeId, null, outcome.text("status"), outcome.text("reason"),
                Duration.ofNanos(System.nanoTime() - created), null);
    }

    /** Like a phone camera: another picture when one does not read (a half-painted image fails the checksum). */
    private static String scan(SetupWizardBrowser browser) throws IOException {
        IOException unreadable = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return QrImage.read(browser.qrPicture());
            } catch (IOException e) {
                unreadable = e;
            }
        }
        throw unreadable;
    }

    private PlatformCalls.Answer awaitDecided(String challengeId, long createdNanos) {
        // The long-poll holds at most 30 s per call; a sign-in can stay pending longer (policy), so ask again.
        for (int round = 0; round < 40; round++) {
            PlatformCalls.Answer answer = platform.awaitDecision(challengeId, 30).expect(200);
            if (!"PENDING".equals(answer.text("status"))) {
                return answer;
            }
        }
        throw new IllegalStateException("challenge " + challengeId + " still pending after 20 minutes");
    }

    private PushFrame awaitPush(BlockingQueue<PushFrame> pushes, String challengeId) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            PushFrame frame = pushes.poll(250, TimeUnit.MILLISECONDS);
            if (frame != null && frame.isChallenge() && challengeId.equals(frame.challengeId())) {
                return frame;
            }
        }
        throw new IllegalStateException("no push for challenge " + challengeId + " within " + PATIENCE.toSeconds() + " s");
    }

    private SignInRequest awaitPending(LinkedAccount account, java.util.function.Predicate<SignInRequest> wanted) {
        return Awaitility.await("the request on the phone").atMost(PATIENCE).pollInterval(POLL)
                .until(() -> authenticator.pending(account).stream().filter(wanted).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    /** Registration completes from events (SmsVerified → PhoneRegistered → EnrollmentCompleted), a moment after the done page. */
    private PlatformCalls.Answer awaitRegistered(String userId) {
        return Awaitility.await(userId + " registered").atMost(PATIENCE).pollInterval(POLL)
                .until(() -> platform.registration(userId).expect(200), answer -> "false".equals(answer.text("registrationRequired")));
    }

    private static String wrongNumber(String number) {
        char last = number.charAt(number.length() - 1);
        return number.substring(0, number.length() - 1) + (last == '9' ? '0' : (char) (last + 1));
    }

    private static String describe(Decision decision, String typed) {
        return switch (decision) {
            case APPROVE -> "typed " + typed + " and approved";
            case DENY -> "pressed Deny";
            case REPORT_FRAUD -> "pressed \"This wasn't me\" (report fraud)";
        };
    }
}
