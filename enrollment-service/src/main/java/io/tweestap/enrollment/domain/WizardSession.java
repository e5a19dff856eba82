package io.tweestap.enrollment.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A browser walking through the setup wizard for one user, opened by an {@link EnrollmentLink}.
 * It remembers where the user is: the activation code shown, the device that activated, the
 * test challenge and the phone verification in progress.
 */
@Entity
@Table(name = "wizard_session")
public class WizardSession extends PanacheEntityBase {

    @Id
    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(name = "enrollment_id", nullable = false)
    public UUID enrollmentId;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "activation_id")
    public UUID activationId;

    @Column(name = "device_id")
    public UUID deviceId;

    @Column(name = "challenge_id")
    public String challengeId;

    @Column(name = "number_to_show")
    public String numberToShow;

    @Column(name = "challenge_expires_at")
    public Instant challengeExpiresAt;

    /** How the test push ended when not approved ({@link io.tweestap.enrollment.service.TestPushOutcome}); null while it waits. */
    @Column(name = "test_outcome")
    public String testOutcome;

    @Column(name = "verification_id")
    public String verificationId;

    @Column(name = "phone_id")
    public String phoneId;

    /** The platform's pages from the link that opened this session: "Done" and "Use a different account". */
    @Column(name = "return_url")
    public String returnUrl;

    @Column(name = "switch_account_url")
    public String switchAccountUrl;

    /** Set when a registration reset ended this session (decision 0070); it then opens nothing. */
    @Column(name = "ended_at")
    public Instant endedAt;

    /** Set when the user's methods page opened this session to change that phone (decision 0090). */
    @Column(name = "replaces_phone")
    public UUID replacesPhone;

    /** Set when this session activates the new phone of a move (decision 0094); its test step hands over to the move. */
    @Column(name = "move_id")
    public UUID moveId;

    public static WizardSession open(EnrollmentLink link, SecretToken token, Instant expiresAt) {
        WizardSession session = new WizardSession();
        session.tokenHash = token.hash();
        session.tenantId = link.tenantId;
        session.userId = link.userId;
        session.enrollmentId = link.enrollmentId;
        session.expiresAt = expiresAt;
        session.returnUrl = link.returnUrl;
        session.switchAccountUrl = link.switchAccountUrl;
        return session;
    }
}
