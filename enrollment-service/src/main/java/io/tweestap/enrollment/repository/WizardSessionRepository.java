package io.tweestap.enrollment.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.domain.WizardSession;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

@ApplicationScoped
public class WizardSessionRepository implements PanacheRepositoryBase<WizardSession, String> {

    /** Whether the session is still open, read from the table itself (never from the session's cache). */
    public Uni<Boolean> isOpen(String tokenHash) {
        return Panache.getSession().chain(session -> session
                        .createNativeQuery("SELECT count(*) FROM wizard_session WHERE token_hash = :hash AND ended_at IS NULL",
                                Long.class)
                        .setParameter("hash", tokenHash)
                        .getSingleResult())
                .map(open -> open == 1);
    }

    /** The test push the session sent and the device it went to, together: only their approval verifies. */
    public Uni<Integer> sentTestPush(String tokenHash, String challengeId, String numberToShow, Instant expiresAt,
            UUID deviceId) {
        return update("challengeId = ?1, numberToShow = ?2, challengeExpiresAt = ?3, deviceId = ?4, testOutcome = null"
                + " where tokenHash = ?5", challengeId, numberToShow, expiresAt, deviceId, tokenHash);
    }

    public Uni<Integer> forgetTestPush(String tokenHash) {
        return update("challengeId = null, numberToShow = null, challengeExpiresAt = null, testOutcome = null"
                + " where tokenHash = ?1", tokenHash);
    }

    /** Whether a wizard session of this user sent that challenge to that device. */
    public Uni<Boolean> sentTestPushTo(String tenantId, String userId, String challengeId, UUID deviceId) {
        return count("tenantId = ?1 and userId = ?2 and challengeId = ?3 and deviceId = ?4",
                tenantId, userId, challengeId, deviceId).map(sent -> sent > 0);
    }

    /** Keeps how the user's test push ended on the session that holds it (a newer push has another id). */
    public Uni<Integer> testPushEnded(String tenantId, String userId, String challengeId, String outcome) {
        return update("testOutcome = ?1 where tenantId = ?2 and userId = ?3 and challengeId = ?4",
                outcome, tenantId, userId, challengeId);
    }

    /** Only while the session is open: a reset meanwhile leaves no phone behind. */
    public Uni<Integer> startedPhoneVerification(String tokenHash, String verificationId, String phoneId) {
        return update("verificationId = ?1, phoneId = ?2 where tokenHash = ?3 and endedAt is null",
                verificationId, phoneId, tokenHash);
    }

    /** The session will replace that phone method with the number it verifies. */
    public Uni<Integer> replacesPhone(String tokenHash, UUID phoneMethodId) {
        return update("replacesPhone = ?1 where tokenHash = ?2", phoneMethodId, tokenHash);
    }

    /** Ends every open wizard session of the user: each shows "setup ended" from its next request on. */
    public Uni<Integer> endOpen(String tenantId, String userId, Instant now) {
        return update("endedAt = ?1 where tenantId = ?2 and userId = ?3 and endedAt is null", now, tenantId, userId);
    }

    /** The session activates the new phone of a move (decision 0094): its test step hands over to the move. */
    public Uni<Integer> activatesMove(String tokenHash, UUID moveId) {
        return update("moveId = ?1 where tokenHash = ?2", moveId, tokenHash);
    }

    /** Ends the wizard sessions of a move that ended: they issue no further activation code. */
    public Uni<Integer> endMove(UUID moveId, Instant now) {
        return update("endedAt = ?1 where moveId = ?2 and endedAt is null", now, moveId);
    }
}
