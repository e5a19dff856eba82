package io.tweestap.e2e.scaleout;

import io.tweestap.e2e.journey.PlatformCalls;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * What a platform does when Tweestap cannot serve a call for a moment (an instance died under it,
 * the balancer has no ready instance, the database restarts): it waits as long as
 * {@code Retry-After} says, or a short back-off, and tries again, for up to 60 s. Counts the
 * 503 answers and remembers the longest single call, so a test can tell "refused quickly" from "hung".
 */
final class PlatformRetry {

    private static final Duration GIVE_UP = Duration.ofSeconds(60);
    private static final AtomicInteger UNAVAILABLE = new AtomicInteger();
    private static final AtomicInteger UNAVAILABLE_WITH_RETRY_AFTER = new AtomicInteger();
    private static final AtomicLong LONGEST_CALL_NANOS = new AtomicLong();
    private static final AtomicReference<String> LONGEST_CALL = new AtomicReference<>("none");
    private static final AtomicLong LONGEST_BEHIND_SLOW_VONAGE_NANOS = new AtomicLong();

    private PlatformRetry() {
    }

    /** @param what names the call, so the longest one can be told apart afterwards */
    static Optional<PlatformCalls.Answer> call(String what, Supplier<PlatformCalls.Answer> call) {
        return call(what, call, true);
    }

    /** A long-poll holds its call up to its {@code wait} by design: not counted as a long call. */
    static Optional<PlatformCalls.Answer> longPoll(Supplier<PlatformCalls.Answer> call) {
        return call("long-poll", call, false);
    }

    /**
     * A call that waits, by design, for Vonage to answer a send, where the Vonage sandbox answers only
     * after sms-service's Vonage timeout: at least that timeout long, and once more when the send is
     * asked again (decision 0098). Timed apart from the other calls ({@link #longestBehindSlowVonage()}).
     */
    static Optional<PlatformCalls.Answer> callBehindSlowVonage(String what, Supplier<PlatformCalls.Answer> call) {
        long start = System.nanoTime();
        try {
            return call(what, call, false);
        } finally {
            LONGEST_BEHIND_SLOW_VONAGE_NANOS.accumulateAndGet(System.nanoTime() - start, Math::max);
        }
    }

    /** The longest {@link #callBehindSlowVonage} took, its retries included. */
    static Duration longestBehindSlowVonage() {
        return Duration.ofNanos(LONGEST_BEHIND_SLOW_VONAGE_NANOS.get());
    }

    private static Optional<PlatformCalls.Answer> call(String what, Supplier<PlatformCalls.Answer> call, boolean timed) {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            long start = System.nanoTime();
            long pauseMillis = 100L << Math.min(attempt, 4);
            try {
                PlatformCalls.Answer answer = call.get();
                if (timed) {
                    took(what + " answered " + answer.status(), start);
                }
                if (answer.status() != 502 && answer.status() != 503 && answer.status() != 504) {
                    return Optional.of(answer);
                }
                if (answer.status() == 503) {
                    UNAVAILABLE.incrementAndGet();
                    if (answer.headers().firstValue("Retry-After").isPresent()) {
                        UNAVAILABLE_WITH_RETRY_AFTER.incrementAndGet();
                        pauseMillis = Math.min(5_000, answer.retryAfterSeconds() * 1000);
                    }
                }
            } catch (IllegalStateException connectionLost) {
                // PlatformCalls wraps a lost connection
                if (timed) {
                    took(what + " lost its connection (" + connectionLost.getMessage() + ")", start);
                }
            }
            pause(pauseMillis);
        }
        return Optional.empty();
    }

    private static synchronized void took(String description, long start) {
        long nanos = System.nanoTime() - start;
        if (nanos > LONGEST_CALL_NANOS.get()) {
            LONGEST_CALL_NANOS.set(nanos);
            LONGEST_CALL.set(description + ", started " + Instant.now().minusNanos(nanos));
        }
    }

    static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int unavailable() {
        return UNAVAILABLE.get();
    }

    static int unavailableWithRetryAfter() {
        return UNAVAILABLE_WITH_RETRY_AFTER.get();
    }

    /** Which call took longest, how it ended and when it started, to set beside the fault log. */
    static String longestCallDescribed() {
        return LONGEST_CALL.get();
    }

    static Duration longestCall() {
        return Duration.ofNanos(LONGEST_CALL_NANOS.get());
    }
}
