package io.tweestap.enrollment.wizard;

/** Why a move to a new phone was abandoned, in the page's language (decision 0094). */
final class MoveTexts {

    private MoveTexts() {
    }

    /** The explanation of a MoveAbandoned reason; empty for a move that was not abandoned. */
    static String why(MethodsMessages mm, String reason) {
        if (reason == null) {
            return "";
        }
        return switch (reason) {
            case "denied" -> mm.whyDenied();
            case "wrong-number" -> mm.whyWrongNumber();
            case "fraud-reported" -> mm.whyFraudReported();
            case "not-answered", "timed-out" -> mm.whyNotAnswered();
            case "old-device-gone", "new-device-gone" -> mm.whyDeviceGone();
            default -> mm.whyRefused();
        };
    }
}
