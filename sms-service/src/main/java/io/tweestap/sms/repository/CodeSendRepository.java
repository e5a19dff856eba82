package io.tweestap.sms.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.tweestap.sms.domain.Channel;
import io.tweestap.sms.domain.CodeSend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.UUID;

/**
 * Each code sent by SMS or voice call. The sends a receipt, a call event or an answer from Vonage
 * settles are read locked: the first final status wins (SendStates).
 */
@ApplicationScoped
public class CodeSendRepository implements PanacheRepositoryBase<CodeSend, UUID> {

    public Uni<CodeSend> locked(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The send Vonage knows by this message id. */
    public Uni<CodeSend> lockedByMessage(String messageId) {
        return find("providerId", messageId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** The voice call Vonage knows by this call uuid. */
    public Uni<CodeSend> lockedByCall(String callUuid) {
        return find("providerId = ?1 and channel = ?2", callUuid, Channel.VOICE)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** The verification's newest send that Vonage did not reject. */
    public Uni<CodeSend> lastOf(UUID verificationId) {
        return find("verificationId = ?1 and status <> ?2 order by sentAt desc", verificationId, CodeSend.Status.REJECTED)
                .firstResult();
    }

    /**
     * How many sends matching {@code where} (an HQL condition over {@code keys}) went out after
     * {@code since}; Vonage's rejections do not count.
     */
    public Uni<Long> countSentSince(String where, Parameters keys, Instant since) {
        return count(sentSince(where), bound(keys, since));
    }

    /** The oldest of the sends {@link #countSentSince} counts, or {@code null}. */
    public Uni<CodeSend> oldestSentSince(String where, Parameters keys, Instant since) {
        return find(sentSince(where) + " order by sentAt", bound(keys, since)).firstResult();
    }

    private static String sentSince(String where) {
        return where + " and sentAt > :since and status <> :rejected";
    }

    private static Parameters bound(Parameters keys, Instant since) {
        return keys.and("since", since).and("rejected", CodeSend.Status.REJECTED);
    }
}
