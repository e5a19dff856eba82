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

    /** PUSH when a device's answer decided, SMS or VOICE when a code did; null while pending, expired or cancelled. */
    @Column(name = "decided_method")
    public String decidedMethod;

    public static final String METHOD_PUSH = "PUSH";

    /** The method that decides this challenge with this outcome: a device's answer is the push's, any other the code's. */
    public String decidingMethod(ChallengeStatus outcome, String deviceId) {
        if (outcome != ChallengeStatus.APPROVED && outcome != ChallengeStatus.DENIED) {
            return null;
        }
        return deviceId != null ? METHOD_PUSH : method;
    }

    public List<String> devices() {
        return Arrays.asList(deviceIds);
    }

    public boolean isOpenAt(Instant now) {
        return status == ChallengeStatus.PENDING && now.isBefore(expiresAt);
    }
}
