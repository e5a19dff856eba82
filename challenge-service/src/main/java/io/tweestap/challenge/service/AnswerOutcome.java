package io.tweestap.challenge.service;

import io.tweestap.challenge.domain.ChallengeStatus;
import io.tweestap.challenge.domain.DenialReason;

public record AnswerOutcome(String challengeId, ChallengeStatus status, DenialReason reason) {
}
