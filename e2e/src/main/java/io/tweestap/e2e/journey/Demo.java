package io.tweestap.e2e.journey;

import io.tweestap.authenticator.AccountStore;
import io.tweestap.authenticator.Authenticator;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What {@code deploy/local/demo} runs once the local platform is up: the seed guide walked by
 * "Noor" in headless Chromium with the reference authenticator as her phone, two sign-ins, and a
 * fresh enrolment link for the person watching. {@code inbox <number>} prints what the sandbox's
 * "phone" received, for that person's own try.
 *
 * <p>usage: {@code Demo journey <repoRoot> <resultFile>} or {@code Demo inbox <repoRoot> <number>}
 */
public final class Demo {

    private static final String TENANT = "demo";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && "journey".equals(args[0])) {
            System.exit(journey(Path.of(args[1]), Path.of(args[2]), System.out));
        } else if (args.length == 3 && "inbox".equals(args[0])) {
            System.exit(inbox(args[2], System.out));
        } else {
            System.err.println("usage: Demo journey <repoRoot> <resultFile> | Demo inbox <repoRoot> <number>");
            System.exit(2);
        }
    }

    static int journey(Path root, Path resultFile, PrintStream out) throws Exception {
        Narrator narrator = Narrator.printing(out);
        TweestapEndpoints endpoints = TweestapEndpoints.localPlatform();
        PlatformToken tokens = PlatformToken.fromPem(root.resolve("deploy/local/.run/jwt/private.pem"), PlatformToken.DEV_ISSUER);
        PlatformCalls platform = new PlatformCalls(endpoints, tokens, TENANT);
        Path store = root.resolve("deploy/local/.run/demo-phone");
        Authenticator phoneApp = new Authenticator(new AccountStore(store));
        EnrollmentJourney enrolment = new EnrollmentJourney(platform, phoneApp, endpoints.vonageSandbox(), narrator);
        SignInJourney signIns = new SignInJourney(platform, phoneApp, endpoints.vonageSandbox(), narrator);

        String subscriber = (1 + RANDOM.nextInt(5)) + String.format("%07d", RANDOM.nextInt(10_000_000));
        EnrollmentJourney.Person noor = new EnrollmentJourney.Person(
                "noor.devries-" + Integer.toHexString(RANDOM.nextInt(0x10000)) + "@demo.example", "nl", "NL",
                "06" + subscriber, "316" + subscriber, false, "Noor's phone");

        heading(out, "Noor signs in to her work account and is asked for more information (seed guide, steps 3-13)");
        Instant start = Instant.now();
        EnrollmentJourney.Enrolled enrolled;
        try (SetupWizardBrowser browser = new SetupWizardBrowser("nl")) {
            enrolled = enrolment.enrol(noor, browser);
        }

        heading(out, "The next morning Noor signs in again; the push arrives on her phone");
        SignInJourney.SignIn approved = signIns.signIn(enrolled, Decision.APPROVE, true);

        heading(out, "Someone else tries Noor's password; she types the number she guesses, which is wrong");
        SignInJourney.SignIn refused = signIns.signIn(enrolled, Decision.APPROVE, false);

        Duration took = Duration.between(start, Instant.now());
        heading(out, "A link for you");
        String you = "you-" + Integer.toHexString(RANDOM.nextInt(0x10000)) + "@demo.example";
        PlatformCalls.Answer link = platform.startEnrollment(you).expect(201);
        String url = link.body().path("link").path("url").asText();
        String expires = link.body().path("link").path("expiresAt").asText();
        String jar = root.resolve("authenticator/target/tweestap-authenticator.jar").toString();
        out.printf(Locale.ROOT, """
                Open this single-use link in your browser (valid until %s) to set up "%s":

                  %s

                Your phone is the Tweestap Authenticator web app, in another browser window on this machine
                (WebCrypto and service workers need https or localhost, so not a phone on the local network):
                  open:     %s
                            open the QR code's address from the setup page there (or "Enter a code")
                  approve:  keep it open; type the number the page shows, then Approve
                Or the reference authenticator (a command-line app):
                  scan:     save the QR code as a picture, then
                            java -jar %s activate <picture>
                            (or "Can't scan?": java -jar %s activate --code <code> --url <URL>)
                  approve:  java -jar %s listen       (type the number the page shows)
                  SMS code: deploy/local/phone <the mobile number you entered, e.g. 0612345678>

                """, expires, you, url, TweestapEndpoints.localPlatform().enrollment() + "/app/", jar, jar, jar);

        Files.writeString(resultFile, String.join("\n", List.of(
                "user=" + noor.userId(),
                "tenant=" + TENANT,
                "wizard_ms=" + enrolled.took().toMillis(),
                "signin_to_approved_ms=" + String.format(Locale.ROOT, "%.1f", approved.createdToDecided().toNanos() / 1e6),
                "signin_to_push_ms=" + String.format(Locale.ROOT, "%.1f", approved.createdToPush().toNanos() / 1e6),
                "refused_status=" + refused.status() + "/" + refused.reason(),
                "journey_ms=" + took.toMillis(),
                "link=" + url)) + "\n", StandardCharsets.UTF_8);
        return "APPROVED".equals(approved.status()) && "DENIED".equals(refused.status()) ? 0 : 1;
    }

    static int inbox(String number, PrintStream out) {
        String digits = number.replaceAll("[^0-9]", "");
        // Dutch national form 06... as the wizard accepts it; the sandbox sees E.164 without the plus.
        String msisdn = digits.startsWith("0") ? "31" + digits.substring(1) : digits;
        SandboxPhone phone = new SandboxPhone(TweestapEndpoints.localPlatform().vonageSandbox(), msisdn);
        List<SandboxPhone.TextMessage> messages = phone.messages();
        List<SandboxPhone.Call> calls = phone.calls();
        if (messages.isEmpty() && calls.isEmpty()) {
            out.println("Nothing for +" + msisdn + " yet (the Vonage sandbox at "
                    + TweestapEndpoints.localPlatform().vonageSandbox() + " has no SMS or call to it).");
            return 1;
        }
        messages.forEach(sms -> out.println("SMS from " + sms.from() + ": " + sms.text()));
        calls.forEach(call -> out.println("Call: " + call.spokenText()));
        return 0;
    }

    private static void heading(PrintStream out, String text) {
        out.println();
        out.println("\033[1m--- " + text + "\033[0m");
    }
}
