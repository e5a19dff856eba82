package io.tweestap.challenge.service;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tweestap.challenge.domain.ChallengeStatus;
import io.tweestap.challenge.domain.Purpose;
import io.tweestap.challenge.domain.PushChallenge;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * What the database announces when a challenge is decided or falls back to a code: the row as the
 * API shows it, written by the same UPDATE (migration V14, decision 0108), so the long-poll waiting
 * for it answers without reading the challenge again. A notice too long for a NOTIFY carries only
 * the id, and the waiter reads.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DecisionNotice(UUID id, String tenantId, String userId, String purpose, String method, String status,
        String application, OffsetDateTime createdAt, OffsetDateTime expiresAt, OffsetDateTime decidedAt,
        String decidedBy, String reason, String decidedMethod, String fallbackMethod) {

    /** The notice in {@code payload}, or empty when it is not one (then nobody is woken by it). */
    static Optional<DecisionNotice> parse(ObjectMapper json, String payload) {
        try {
            DecisionNotice notice = json.readValue(payload, DecisionNotice.class);
            return notice.id() == null ? Optional.empty() : Optional.of(notice);
        } catch (IOException | IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * The challenge as the notice shows it, for the caller's tenant only; empty when the notice
     * carries only the id, or names another tenant (that caller reads, and is told "not found").
     */
    public Optional<PushChallenge> challengeFor(String callerTenant) {
        if (status == null || !callerTenant.equals(tenantId)) {
            return Optional.empty();
        }
        PushChallenge challenge = new PushChallenge();
        challenge.id = id;
        challenge.tenantId = tenantId;
        challenge.userId = userId;
        challenge.purpose = Purpose.valueOf(purpose);
        challenge.method = method;
        challenge.status = ChallengeStatus.valueOf(status);
        challenge.application = application;
        challenge.createdAt = createdAt == null ? null : createdAt.toInstant();
        challenge.expiresAt = expiresAt == null ? null : expiresAt.toInstant();
        challenge.decidedAt = decidedAt == null ? null : decidedAt.toInstant();
        challenge.decidedBy = decidedBy;
        challenge.reason = reason;
        challenge.decidedMethod = decidedMethod;
        challenge.fallbackMethod = fallbackMethod;
        return Optional.of(challenge);
    }
}
