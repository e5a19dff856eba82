package io.tweestap.e2e.journey;

import io.tweestap.authenticator.ActivationLink;
import io.tweestap.authenticator.AnswerResult;
import io.tweestap.authenticator.Authenticator;
import io.tweestap.authenticator.LinkedAccount;
import io.tweestap.authenticator.QrImage;
import io.tweestap.authenticator.SignInRequest;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The customer manual's enrolment (the customer's Dutch setup guide) against the running platform:
 * the platform sees "registration required" and opens the wizard, the person walks it in a browser,
 * links the reference authenticator by scanning the QR from the screen, approves the test push with
 * the number on the page, adds a phone and types the code the SMS or call brought. Each step is told
 * as the person or the platform sees it. Later sign-ins are {@link SignInJourney}'s.
 */
public final class EnrollmentJourney {

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

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    private final PlatformCalls platform;
    private final Authenticator authenticator;
    private final URI vonageSandbox;
    private final Narrator narrator;
    private URI returnUrl;

    public EnrollmentJourney(PlatformCalls platform, Authenticator authenticator, URI vonageSandbox, Narrator narrator) {
        this.platform = platform;
        this.authenticator = authenticator;
        this.vonageSandbox = vonageSandbox;
        this.narrator = narrator;
    }

    /** The platform page the wizard's "Done" leads back to, as the platform's sign-in page would pass it. */
    public EnrollmentJourney returningTo(URI platformPage) {
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

    private SignInRequest awaitPending(LinkedAccount account, Predicate<SignInRequest> wanted) {
        return Awaitility.await("the request on the phone").atMost(PATIENCE).pollInterval(POLL)
                .until(() -> authenticator.pending(account).stream().filter(wanted).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    /** Registration completes from events (SmsVerified → PhoneRegistered → EnrollmentCompleted), a moment after the done page. */
    private PlatformCalls.Answer awaitRegistered(String userId) {
        return Awaitility.await(userId + " registered").atMost(PATIENCE).pollInterval(POLL)
                .until(() -> platform.registration(userId).expect(200), answer -> "false".equals(answer.text("registrationRequired")));
    }
}
