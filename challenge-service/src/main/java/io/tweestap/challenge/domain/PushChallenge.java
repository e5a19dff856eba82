package io.tweestap.challenge.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One request for the user to approve something on their phone. */
@Entity
@Table(name = "push_challenge")
public class PushChallenge extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Enumerated(EnumType.STRING)
    public Purpose purpose;

    @Enumerated(EnumType.STRING)
    public ChallengeStatus status;

    @Column(name = "number_to_match", nullable = false)
    public String numberToMatch;

    @Column(name = "server_nonce", nullable = false)
    public String serverNonce;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "device_ids", nullable = false)
    public String[] deviceIds;

    public String application;

    @Column(name = "ip_address")
    public String ipAddress;

    public String location;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Column(name = "decided_by")
    public String decidedBy;

    public String reason;

    /** PUSH, or SMS or VOICE for a sign-in by a code sms-service sends to the verified phone ({@link SignInMethod}). */
    public String method = METHOD_PUSH;

    @Column(name = "sms_verification_id")
    public String smsVerificationId;

    /** The language of a code the push may fall back to (nl or en). */
    public String language;

    /** When a sign-in push falls back to a code unless a phone acknowledged it first (decision 0104); null: it does not (any more). */
    @Column(name = "fallback_due_at")
    public Instant fallbackDueAt;

    /** The methods the fallback tries, in the tenant's order when the push was made: {@code SMS,VOICE}. */
    @Column(name = "fallback_order")
    public String fallbackOrder;

    /** SMS or VOICE once the push fell back to a code; the code then confirms the challenge as well. */
    @Column(name = "fallback_method")
    public String fallbackMethod;

    /** When notification-service first reported the push delivered to one of the user's phones. */
    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;

    /** PUSH when a device's answer decided, SMS or VOICE when a code did; null while pending, expired or cancelled. */
    @Column(name = "decided_method")
    public String decidedMethod;

    public static final String METHOD_PUSH = "PUSH";

    /** The method that decides this challenge with this outcome: a device's answer is the push's, any other the code's. */
    public String decidingMethod(ChallengeStatus outcome, String deviceId) {
        if (outcome != ChallengeStatus.APPROVED && outcome != ChallengeStatus.DENIED) {
            return null;
        }
        return deviceId != null ? METHOD_PUSH : fallbackMethod != null ? fallbackMethod : method;
    }

    /** A sign-in push takes its tenant's fallback (decision 0104): due after its time, unless it expires first. */
    public void scheduleFallback(SignInRules rules) {
        if (purpose != Purpose.SIGN_IN || !METHOD_PUSH.equals(method) || rules.fallback().isEmpty()) {
            return;
        }
        SignInRules.Fallback fallback = rules.fallback().get();
        Instant due = createdAt.plus(fallback.after());
        if (due.isBefore(expiresAt)) {
            fallbackDueAt = due;
            fallbackOrder = fallback.orderText();
        }
    }

    public List<String> devices() {
        return Arrays.asList(deviceIds);
    }

    public boolean isOpenAt(Instant now) {
        return status == ChallengeStatus.PENDING && now.isBefore(expiresAt);
    }
}
