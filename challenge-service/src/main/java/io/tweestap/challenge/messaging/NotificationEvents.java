package io.tweestap.challenge.messaging;

import io.smallrye.mutiny.Uni;
import io.tweestap.challenge.repository.PushChallengeRepository;
import io.tweestap.events.inbox.Inbox;
import io.tweestap.events.notification.NotificationDelivered;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads mfa.notification.events.v1 for one fact: a push reached a phone ({@code NotificationDelivered}),
 * which calls off its automatic fallback to a code (decision 0104). Everything else on the topic is
 * acknowledged without a transaction, and so is the delivery of a push without a fallback: its
 * creation said no one awaits it (decision 0115), one commit less per sign-in.
 */
@ApplicationScoped
public class NotificationEvents {

    @Inject
    Inbox inbox;

    @Inject
    PushChallengeRepository pushChallenges;

    @Incoming("notification-events")
    public Uni<Void> onNotificationEvent(Message<String> message) {
        return inbox.consume(EnrollmentEvents.CONSUMER, message, event -> event.data() instanceof NotificationDelivered delivered && delivered.awaited(),
                event -> acknowledged((NotificationDelivered) event.data()));
    }

    private Uni<Void> acknowledged(NotificationDelivered delivered) {
        UUID challengeId;
        try {
            challengeId = UUID.fromString(delivered.challengeId());
        } catch (IllegalArgumentException | NullPointerException e) {
            // Not one of our challenges (notices carry no challenge): nothing to call off.
            return Uni.createFrom().voidItem();
        }
        return pushChallenges.acknowledged(challengeId, delivered.tenantId(), delivered.occurredAt());
    }
}
