package io.tweestap.e2e.scaleout;

import io.tweestap.e2e.journey.PlatformCalls;
import io.tweestap.e2e.journey.SandboxPhone;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The SMS fallback beside the pushes: a person signs in by SMS code again and again while
 * instances die, and every code the sandbox delivered is counted, so a test can tell a code sent
 * twice for one sign-in from one sent once.
 */
final class SmsSignIns {

    /**
     * An SMS sign-in and the status the platform ended it with; {@code textsWhile}: the texts the phone got from
     * the create until the sign-in ended, which names the sign-in that got a second one when a test fails.
     */
    record SmsOutcome(String challengeId, String userId, String status, int textsWhile) {
    }

    /** Between two SMS sign-ins of one person: longer than sms-service's resend pause in the test layout (20 s). */
    private static final Duration BETWEEN = Duration.ofSeconds(22);

    private final PlatformCalls platform;
    private final ConcurrentLinkedQueue<SmsOutcome> outcomes = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    SmsSignIns(PlatformCalls platform) {
        this.platform = platform;
    }

    /**
     * Before the first: the text that verified the phone at enrolment, moments ago, holds the number's
     * resend pause (5 s in the test layout); a person signing in straight after typing that code is
     * asked to wait ({@code 429 sms-limit}), which is the brake working, not a fault.
     */
    private static final Duration FIRST_AFTER = Duration.ofSeconds(6);

    /**
     * Signs {@code userId} in by SMS until {@code endNanos} (which may move), one sign-in every {@link #BETWEEN}.
     * {@code vonageSlow}: Vonage answers this person's sends only after sms-service's timeout, so the create waits that long.
     */
    Thread start(String userId, SandboxPhone phone, boolean vonageSlow, java.util.function.LongSupplier endNanos) {
        Thread thread = new Thread(() -> {
            PlatformRetry.pause(FIRST_AFTER.toMillis());
            while (System.nanoTime() < endNanos.getAsLong()) {
                long next = System.nanoTime() + BETWEEN.toNanos();
                try {
                    signIn(userId, phone, vonageSlow);
                } catch (RuntimeException e) {
                    failures.add(userId + " (SMS): " + e);
                }
                try {
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, Math.min(next, endNanos.getAsLong()) - System.nanoTime()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }, "sms-" + userId);
        thread.start();
        return thread;
    }

    List<SmsOutcome> outcomes() {
        return List.copyOf(outcomes);
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    private void signIn(String userId, SandboxPhone phone, boolean vonageSlow) {
        List<SandboxPhone.TextMessage> before = phone.messages();
        Optional<PlatformCalls.Answer> answer = vonageSlow
                ? PlatformRetry.callBehindSlowVonage("create an SMS sign-in", () -> platform.signInBySms(userId, "en"))
                : PlatformRetry.call("create an SMS sign-in", () -> platform.signInBySms(userId, "en"));
        String challengeId = answer.filter(a -> a.status() == 201).map(a -> a.text("challengeId"))
                // a create whose answer died with its instance is pending: the next try names it
                .or(() -> answer.filter(a -> a.status() == 409).map(a -> a.text("pendingChallengeId")))
                .orElseThrow(() -> new IllegalStateException("SMS sign-in not created: "
                        + answer.map(a -> a.status() + " " + a.body()).orElse("no answer")));
        String code;
        try {
            code = phone.awaitNewMessage(before, Duration.ofSeconds(30)).code();
        } catch (RuntimeException noText) {
            // the sign-in page gives up: it withdraws the sign-in rather than leave it pending for the code's lifetime
            PlatformRetry.call("cancel an SMS sign-in", () -> platform.cancel(challengeId));
            throw noText;
        }
        Optional<PlatformCalls.Answer> checked = PlatformRetry.call("submit an SMS code", () -> platform.submitSmsCode(challengeId, code));
        String status = checked.map(a -> a.text("status")).orElse(null);
        if (!"APPROVED".equals(status)) {
            // an answer lost with its instance: the platform asks for the decision instead
            status = PlatformRetry.call("read an SMS sign-in", () -> platform.awaitDecision(challengeId, 0)).map(a -> a.text("status")).orElse("UNKNOWN");
        }
        outcomes.add(new SmsOutcome(challengeId, userId, status, phone.messages().size() - before.size()));
    }
}
