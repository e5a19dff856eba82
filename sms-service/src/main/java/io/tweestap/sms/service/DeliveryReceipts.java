package io.tweestap.sms.service;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.tweestap.events.outbox.Outbox;
import io.tweestap.events.sms.SmsDeliveryFailed;
import io.tweestap.sms.domain.CodeSend;
import io.tweestap.sms.domain.SendStates;
import io.tweestap.sms.repository.CodeSendRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Applies Vonage's delivery receipts to our sends; a failed delivery becomes SmsDeliveryFailed,
 * once. The first final answer about a send wins ({@link SendStates}); the row is locked
 * so that the sweeper or the recording transaction cannot settle it at the same moment.
 */
@ApplicationScoped
public class DeliveryReceipts {

    @Inject
    CodeSendRepository sends;

    private static final Logger LOG = Logger.getLogger(DeliveryReceipts.class);

    /** Vonage's final "not delivered" states; "accepted" and "buffered" are still on their way. */
    private static final Set<String> NOT_DELIVERED = Set.of("failed", "rejected", "expired", "undeliverable");

    /** A receipt as Vonage reports it; all fields are optional on Vonage's side. */
    public record Receipt(String messageId, String clientRef, String status, String errorCode) {
    }

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @WithTransaction
    public Uni<Void> apply(Receipt receipt) {
        return find(receipt).chain(send -> {
            if (send == null) {
                // Not ours (or long gone): acknowledging stops Vonage from retrying it forever.
                LOG.infof("Delivery receipt for unknown message %s ignored", VonageIds.printable(receipt.messageId()));
                return Uni.createFrom().voidItem();
            }
            String status = receipt.status() == null ? "" : receipt.status().toLowerCase(Locale.ROOT);
            if ("delivered".equals(status)) {
                send.take(SendStates.Answer.DELIVERED, null);
                return Uni.createFrom().voidItem();
            }
            if (!NOT_DELIVERED.contains(status)) {
                return Uni.createFrom().voidItem();
            }
            // Vonage's error codes are numbers; anything else in a callback is not repeated in logs or events.
            String code = receipt.errorCode() == null || !receipt.errorCode().matches("\\d{1,8}") ? null
                    : receipt.errorCode();
            String reason = status + (code == null ? "" : " (error " + code + ")");
            if (!send.take(SendStates.Answer.UNDELIVERED, reason)) {
                return Uni.createFrom().voidItem();
            }
            LOG.infof("Send %s to %s was not delivered: %s", send.id, send.maskedNumber, send.failureReason);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            return outbox.add(new SmsDeliveryFailed(send.tenantId, send.userId, now, send.verificationId.toString(),
                            send.maskedNumber, send.failureReason, send.channel.name())).replaceWithVoid();
        });
    }

    private Uni<CodeSend> find(Receipt receipt) {
        UUID clientRef = uuid(receipt.clientRef());
        if (clientRef != null) {
            return sends.locked(clientRef).chain(send -> send != null || receipt.messageId() == null
                    ? Uni.createFrom().item(send) : byProviderId(receipt.messageId()));
        }
        return receipt.messageId() == null ? Uni.createFrom().nullItem() : byProviderId(receipt.messageId());
    }

    private Uni<CodeSend> byProviderId(String messageId) {
        return sends.lockedByMessage(messageId);
    }

    private static UUID uuid(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
