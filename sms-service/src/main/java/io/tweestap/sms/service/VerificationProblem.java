package io.tweestap.sms.service;

import io.tweestap.api.Problem;
import io.tweestap.api.ProblemException;
import io.tweestap.sms.domain.SendRefusal;
import java.time.Duration;

/** The problems a verification answers with, beyond the platform's common ones. */
final class VerificationProblem {

    private VerificationProblem() {
    }

    static ProblemException refused(SendRefusal refusal, Duration retryAfter) {
        if (refusal.status() == 429) {
            return ProblemException.tooManyRequests(refusal.slug(), refusal.detail(), retryAfter);
        }
        return new ProblemException(Problem.of(refusal.slug(), "Unprocessable phone number", refusal.status(),
                refusal.detail()));
    }

    static ProblemException wrongCode(int attemptsLeft) {
        return new ProblemException(Problem.of("wrong-code", "Wrong code", 422, attemptsLeft > 0
                ? "The code is not right" : "The code is not right and is now locked")
                .with("attemptsLeft", attemptsLeft));
    }

    static ProblemException locked(Duration retryAfter) {
        return new ProblemException(Problem.of("code-locked", "Too many requests", 429,
                "Too many wrong codes; ask for a new code").with("attemptsLeft", 0), retryAfter);
    }

    static ProblemException expired() {
        return new ProblemException(Problem.of("code-expired", "Gone", 410, "The code has expired; ask for a new code"));
    }

    static ProblemException providerBusy() {
        return new ProblemException(Problem.of("provider-busy", "Service unavailable", 503,
                "The SMS provider is busy; try again in a moment"), Duration.ofSeconds(1));
    }

    static ProblemException providerError() {
        return new ProblemException(Problem.of("provider-error", "Bad gateway", 502,
                "The SMS provider did not accept the message; try again later"));
    }
}
