package io.tweestap.api;

/** Thrown by resources and services to answer a caller with a specific problem. */
public class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.title() + ": " + problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(Problem.of("not-found", "Not found", 404, what + " does not exist"));
    }

    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(Problem.of(slug, "Conflict", 409, detail));
    }
}
