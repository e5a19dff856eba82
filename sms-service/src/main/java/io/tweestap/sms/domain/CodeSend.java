package io.tweestap.sms.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One SMS or call with a code. Its id is the client reference Vonage echoes in the delivery
 * receipt; the rows are also the ledger the send limits count (sends Vonage rejected do not count,
 * they cost nothing and reached nobody).
 */
@Entity
@Table(name = "code_send")
public class CodeSend extends PanacheEntityBase {

    public enum Status {
        /** Reserved in our database; the Vonage call has not answered yet. */
        PENDING,
        /** Vonage accepted it. */
        SUBMITTED,
        DELIVERED,
        /** The carrier reported it was not delivered. */
        UNDELIVERED,
        /** Vonage refused or throttled it; nothing went out. */
        REJECTED,
        /**
         * Vonage's answer was never recorded (a crash between the call and the second transaction);
         * it may or may not have gone out, so it still counts against the limits.
         */
        UNCONFIRMED
    }

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(name = "verification_id", nullable = false)
    public UUID verificationId;

    @Column(nullable = false)
    public String e164;

    @Column(name = "number_prefix", nullable = false)
    public String numberPrefix;

    /**
     * ISO 3166 region of the number, as libphonenumber reads it; the per-region limit counts it.
     * Null for sends recorded before V5, which that limit does not count.
     */
    @Column(name = "region_code")
    public String regionCode;

    @Column(name = "masked_number", nullable = false)
    public String maskedNumber;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Channel channel;

    @Column(name = "sent_at", nullable = false)
    public Instant sentAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "provider_id")
    public String providerId;

    @Column(name = "failure_reason")
    public String failureReason;

    /** Whether a later answer from Vonage (receipt, call event, late response) may still settle it. */
    public boolean open() {
        return SendStates.open(status);
    }

    /**
     * Takes an answer about this send ({@link SendStates}); a failure it brings keeps its reason.
     *
     * @return whether {@code SmsDeliveryFailed} is to be published for it (at most once per send)
     */
    public boolean take(SendStates.Answer answer, String reason) {
        SendStates.Step step = SendStates.after(status, answer);
        if (step.next() != status) {
            status = step.next();
            if (status == Status.REJECTED || status == Status.UNDELIVERED || status == Status.UNCONFIRMED) {
                failureReason = reason;
            }
        }
        return step.reportFailure();
    }
}
