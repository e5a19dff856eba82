package io.tweestap.enrollment.messaging;

import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.service.MoveEndings;
import io.tweestap.enrollment.service.TestNotifications;
import io.tweestap.enrollment.service.TestPushOutcome;
import io.tweestap.events.challenge.ChallengeApproved;
import io.tweestap.events.challenge.ChallengeCancelled;
import io.tweestap.events.challenge.ChallengeDenied;
import io.tweestap.events.challenge.ChallengeExpired;
import io.tweestap.events.inbox.InboundEvent;
import io.tweestap.events.inbox.Inbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads mfa.challenge.events.v1 once per event: the end of a wizard's test push. Approved, it
 * verifies the new device; denied, expired or cancelled, the wizard's page learns why. The same
 * kind of push asks the old device to approve a move to a new phone (decision 0094): its end
 * completes or abandons that move. Each side acts only on the challenge it sent itself.
 */
@ApplicationScoped
public class ChallengeEvents {

    static final String CONSUMER = "enrollment-service";

    @Inject
    Inbox inbox;

    @Inject
    TestNotifications testNotifications;

    @Inject
    MoveEndings moves;

    @Incoming("challenge-events")
    public Uni<Void> onChallengeEvent(Message<String> message) {
        // Every sign-in's events pass here too; only the end of a test push is of use, so the others
        // cost no transaction (two commits per sign-in before).
        return inbox.consume(CONSUMER, message, ChallengeEvents::endOfATestPush, event -> {
            if (event.data() instanceof ChallengeApproved approved) {
                return testNotifications.approved(approved.tenantId(), approved.userId(), approved.deviceId(),
                        approved.challengeId(), approved.occurredAt())
                        .chain(() -> moves.approved(approved.tenantId(), approved.userId(), approved.deviceId(),
                                approved.challengeId(), approved.occurredAt()));
            }
            if (event.data() instanceof ChallengeDenied denied) {
                return ended(denied.tenantId(), denied.userId(), denied.challengeId(), TestPushOutcome.denied(denied.reason()));
            }
            if (event.data() instanceof ChallengeExpired expired) {
                return ended(expired.tenantId(), expired.userId(), expired.challengeId(), TestPushOutcome.NOT_ANSWERED);
            }
            ChallengeCancelled cancelled = (ChallengeCancelled) event.data();
            return ended(cancelled.tenantId(), cancelled.userId(), cancelled.challengeId(), TestPushOutcome.NOT_ANSWERED);
        });
    }

    private Uni<Void> ended(String tenantId, String userId, String challengeId, TestPushOutcome outcome) {
        return testNotifications.ended(tenantId, userId, challengeId, outcome)
                .chain(() -> moves.refused(tenantId, userId, challengeId, outcome));
    }

    private static boolean endOfATestPush(InboundEvent event) {
        String purpose = null;
        if (event.data() instanceof ChallengeApproved approved) {
            purpose = approved.purpose();
        } else if (event.data() instanceof ChallengeDenied denied) {
            purpose = denied.purpose();
        } else if (event.data() instanceof ChallengeExpired expired) {
            purpose = expired.purpose();
        } else if (event.data() instanceof ChallengeCancelled cancelled) {
            purpose = cancelled.purpose();
        }
        return TestNotifications.PURPOSE.equals(purpose);
    }
}
