package io.tweestap.enrollment.messaging;

import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.service.TestNotifications;
import io.tweestap.events.challenge.ChallengeApproved;
import io.tweestap.events.inbox.Inbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Reads mfa.challenge.events.v1 once per event: an approved test push verifies the new device. */
@ApplicationScoped
public class ChallengeEvents {

    static final String CONSUMER = "enrollment-service";

    @Inject
    Inbox inbox;

    @Inject
    TestNotifications testNotifications;

    @Incoming("challenge-events")
    public Uni<Void> onChallengeEvent(Message<String> message) {
        return inbox.consume(CONSUMER, message, event -> event.data() instanceof ChallengeApproved approved
                && TestNotifications.PURPOSE.equals(approved.purpose())
                ? testNotifications.approved(approved.tenantId(), approved.userId(), approved.deviceId(),
                        approved.challengeId(), approved.occurredAt())
                : Uni.createFrom().voidItem());
    }
}
