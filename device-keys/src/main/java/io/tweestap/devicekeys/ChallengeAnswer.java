package io.tweestap.devicekeys;

/**
 * What a device signs to answer a push challenge. It binds the decision to one challenge and to
 * the server's nonce for it, and includes the number the user typed, so an approval cannot be
 * moved to another challenge, replayed, or have its number changed on the way.
 */
public record ChallengeAnswer(String challengeId, String serverNonce, String deviceId, Decision decision, String typedNumber) {

    public enum Decision { APPROVE, DENY, REPORT_FRAUD }

    public String statement() {
        return String.join("\n", "tweestap-answer-v1", challengeId, serverNonce, deviceId, decision.name(),
                typedNumber == null ? "" : typedNumber);
    }
}
