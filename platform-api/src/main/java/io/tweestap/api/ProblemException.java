package io.tweestap.api;

import java.time.Duration;
import java.util.Optional;

/** Thrown by resources and services to answer a caller with a specific problem. */
public class ProblemException extends RuntimeException {

    private final Problem problem;
    private final Duration retryAfter;

    public ProblemException(Problem problem) {
        this(problem, null);
    }

    public ProblemException(Problem problem, Duration retryAfter) {
        super(problem.title() + ": " + problem.detail());
        this.problem = problem;
        this.retryAfter = retryAfter;
    }

    public Problem problem() {
        return problem;
    }

    /** Sent as {@code Retry-After} (whole seconds, rounded up) with 429 and 503 answers. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(Problem.of("not-found", "Not found", 404, what + " does not exist"));
    }

    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(Problem.of(slug, "Conflict", 409, detail));
    }

    public static ProblemException tooManyRequests(String slug, String detail, Duration retryAfter) {
        return new ProblemException(Problem.of(slug, "Too many requests", 429, detail), retryAfter);
    }
}
