package io.tweestap.notification.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.tweestap.events.MalformedEventException;
import io.tweestap.events.challenge.ChallengeApproved;
import io.tweestap.events.challenge.ChallengeCancelled;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.events.challenge.ChallengeDenied;
import io.tweestap.events.challenge.ChallengeExpired;
import io.tweestap.events.inbox.Inbox;
import io.tweestap.events.inbox.InboundEvent;
import io.tweestap.notification.delivery.Pushes;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads mfa.challenge.events.v1 once per event: challenges to push, and challenges that are gone
 * (approved, denied, expired, or cancelled by the platform), which stop their pushes and are taken
 * off the devices' screens. On the plain reactive client, as the push's whole path is (decision 0127).
 */
@ApplicationScoped
public class ChallengeEvents {

    @Inject
    Inbox inbox;

    @Inject
    Pushes pushes;

    @Inject
    Pool pool;

    /** A poll's records at a time: under load many sign-ins' pushes share one inbox transaction (decision 0118). */
    @Incoming("challenge-events")
    public Uni<Void> onChallengeEvents(KafkaRecordBatch<String, String> records) {
        return inbox.consumeBatch(EnrollmentEvents.CONSUMER, records, ChallengeEvents::ofInterest, pool, this::apply);
    }

    /** Refusals, fraud reports, unblocks and SMS sign-ins push nothing: no transaction, no inbox row for them. */
    private static boolean ofInterest(InboundEvent event) {
        return event.data() instanceof ChallengeCreated created && created.pushed() || event.data() instanceof ChallengeApproved
                || event.data() instanceof ChallengeDenied || event.data() instanceof ChallengeExpired
                || event.data() instanceof ChallengeCancelled;
    }

    private Uni<Void> apply(SqlConnection connection, InboundEvent event) {
        if (event.data() instanceof ChallengeCreated created) {
            if (created.challengeId() == null || created.expiresAt() == null) {
                throw new MalformedEventException("ChallengeCreated " + event.id() + " lacks challengeId or expiresAt");
            }
            return pushes.challengeCreated(connection, created);
        }
        if (event.data() instanceof ChallengeApproved approved) {
            return pushes.challengeClosed(connection, approved.tenantId(), approved.userId(), approved.challengeId(), "approved",
                    approved.occurredAt(), approved.deviceId());
        }
        if (event.data() instanceof ChallengeDenied denied) {
            return pushes.challengeClosed(connection, denied.tenantId(), denied.userId(), denied.challengeId(), "denied",
                    denied.occurredAt(), denied.deviceId());
        }
        if (event.data() instanceof ChallengeExpired expired) {
            return pushes.challengeClosed(connection, expired.tenantId(), expired.userId(), expired.challengeId(), "expired",
                    expired.occurredAt(), null);
        }
        if (event.data() instanceof ChallengeCancelled cancelled) {
            return pushes.challengeClosed(connection, cancelled.tenantId(), cancelled.userId(), cancelled.challengeId(), "cancelled",
                    cancelled.occurredAt(), null);
        }
        return Uni.createFrom().voidItem();
    }
}
