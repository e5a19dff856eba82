package io.tweestap.authenticator;

/** What challenge-service made of an answer: {@code APPROVED}, or {@code DENIED} with a reason such as {@code WRONG_NUMBER}. */
public record AnswerResult(String challengeId, String status, String reason) {

    public boolean approved() {
        return "APPROVED".equals(status);
    }
}
