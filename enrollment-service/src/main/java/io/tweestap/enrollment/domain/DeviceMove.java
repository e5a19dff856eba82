package io.tweestap.enrollment.domain;

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
 * A user moving their authenticator to a new phone with the old one at hand (decision 0094): the
 * saga's state, kept here so that any instance, also one started after a restart, carries it on.
 */
@Entity
@Table(name = "device_move")
public class DeviceMove extends PanacheEntityBase {

    public enum Status {
        /** Waiting for the new phone to activate through the move's enrolment. */
        REQUESTED,
        /** The old device was asked to approve ({@code challengeId}, {@code numberToShow}). */
        AWAITING_OLD_DEVICE,
        /** The old device approved: the new one is verified, the old one removed. */
        COMPLETED,
        /** Ended without moving: the old device as it was, the new one removed. */
        ABANDONED;

        public boolean open() {
            return this == REQUESTED || this == AWAITING_OLD_DEVICE;
        }
    }

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(name = "old_device_id", nullable = false)
    public UUID oldDeviceId;

    /** The enrolment whose wizard session activates the new phone; every device it registers belongs to the move. */
    @Column(name = "enrollment_id", nullable = false)
    public UUID enrollmentId;

    @Column(name = "new_device_id")
    public UUID newDeviceId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "challenge_id")
    public String challengeId;

    /** The number the page shows and the person types on the old device (number matching). */
    @Column(name = "number_to_show")
    public String numberToShow;

    @Column(name = "requested_at", nullable = false)
    public Instant requestedAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "co_signed_at")
    public Instant coSignedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    /** Why an abandoned move ended: the {@code reason} of its MoveAbandoned. */
    @Column(name = "abandon_reason")
    public String abandonReason;

    public static DeviceMove request(String tenantId, String userId, UUID oldDeviceId, UUID enrollmentId, Instant now,
            Instant expiresAt) {
        DeviceMove move = new DeviceMove();
        move.id = UUID.randomUUID();
        move.tenantId = tenantId;
        move.userId = userId;
        move.oldDeviceId = oldDeviceId;
        move.enrollmentId = enrollmentId;
        move.status = Status.REQUESTED;
        move.requestedAt = now;
        move.expiresAt = expiresAt;
        return move;
    }
}
