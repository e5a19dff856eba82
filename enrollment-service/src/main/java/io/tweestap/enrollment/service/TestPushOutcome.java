package io.tweestap.enrollment.service;

/**
 * How a wizard's test push ended when it was not approved, as challenge-service's events tell it
 * ({@code ChallengeDenied} with its reason, {@code ChallengeExpired}, {@code ChallengeCancelled}),
 * and what the page says about it. A wrong number is told apart from a denial: the person meant to
 * approve and only needs to type the number on the page.
 */
public enum TestPushOutcome {
    DENIED(SetupError.TEST_DENIED),
    WRONG_NUMBER(SetupError.TEST_WRONG_NUMBER),
    /** Reported as fraud on the phone: pushes to the user now wait for an administrator. */
    FRAUD_REPORTED(SetupError.PUSHES_BLOCKED),
    NOT_ANSWERED(SetupError.DEVICE_NOT_ANSWERING);

    private final SetupError error;

    TestPushOutcome(SetupError error) {
        this.error = error;
    }

    public SetupError error() {
        return error;
    }

    /** A denial's reason as challenge-service names it (USER_DENIED, WRONG_NUMBER, FRAUD_REPORTED, ...). */
    public static TestPushOutcome denied(String reason) {
        return switch (reason == null ? "" : reason) {
            case "WRONG_NUMBER" -> WRONG_NUMBER;
            case "FRAUD_REPORTED" -> FRAUD_REPORTED;
            default -> DENIED;
        };
    }

    /** The stored value, or null for one this version does not know (it is then treated as still waiting). */
    public static TestPushOutcome stored(String value) {
        if (value == null) {
            return null;
        }
        try {
            return valueOf(value);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }
}
