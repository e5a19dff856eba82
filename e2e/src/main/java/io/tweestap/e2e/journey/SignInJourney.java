package io.tweestap.e2e.journey;

import io.tweestap.authenticator.AnswerResult;
import io.tweestap.authenticator.Authenticator;
import io.tweestap.authenticator.PushFrame;
import io.tweestap.authenticator.PushStream;
import io.tweestap.authenticator.SignInRequest;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;
import io.tweestap.e2e.journey.EnrollmentJourney.Enrolled;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Sign-ins of someone {@link EnrollmentJourney} enrolled, against the running platform: the platform
 * creates a challenge and long-polls for its decision while the authenticator answers the push (or
 * nobody does, or the code goes by SMS instead); narrated as the person or the platform sees it, and
 * measured from the challenge's creation.
 */
public final class SignInJourney {

    /** How a push sign-in ended, and the measured time from creating it to the platform's long-poll seeing it. */
    public record SignIn(String challengeId, String numberShown, String status, String reason, Duration createdToDecided,
            Duration createdToPush) {
    }

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final PlatformCalls platform;
    private final Authenticator authenticator;
    private final URI vonageSandbox;
    private final Narrator narrator;

    public SignInJourney(PlatformCalls platform, Authenticator authenticator, URI vonageSandbox, Narrator narrator) {
        this.platform = platform;
        this.authenticator = authenticator;
        this.vonageSandbox = vonageSandbox;
        this.narrator = narrator;
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
