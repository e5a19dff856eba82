package io.tweestap.sms.service;

import io.smallrye.mutiny.Uni;
import io.tweestap.events.TweestapEvent;
import io.tweestap.events.outbox.Outbox;
import io.tweestap.events.sms.SmsDeliveryFailed;
import io.tweestap.events.sms.SmsSent;
import io.tweestap.events.sms.VoiceCallPlaced;
import io.tweestap.sms.domain.Channel;
import io.tweestap.sms.domain.CodeSend;
import io.tweestap.sms.domain.Purpose;
import io.tweestap.sms.vonage.SendResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Records what Vonage answered to a send, with its event, in the transaction after the call. */
@ApplicationScoped
class SendAnswers {

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    Uni<Outcome<IssuedCode>> record(IssuedCode issued, UUID sendId, Channel channel, String tenantId, String userId,
            Purpose purpose, SendResult result) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        // Locked, so that the sweeper cannot settle the send while its answer is being recorded.
        return CodeSend.<CodeSend>findById(sendId, LockModeType.PESSIMISTIC_WRITE).chain(send -> {
            // Normally PENDING. UNCONFIRMED when this answer took longer than the sweeper's age; later
            // states when a receipt or call event came first: those already said what happened.
            boolean undecided = send.status == CodeSend.Status.PENDING || send.status == CodeSend.Status.UNCONFIRMED;
            TweestapEvent event;
            Outcome<IssuedCode> outcome;
            if (result instanceof SendResult.Accepted accepted) {
                send.providerId = accepted.providerId();
                if (undecided) {
                    send.status = CodeSend.Status.SUBMITTED;
                }
                event = channel == Channel.SMS
                        ? new SmsSent(tenantId, userId, now, issued.verificationId().toString(),
                                issued.maskedNumber(), purpose.name())
                        : new VoiceCallPlaced(tenantId, userId, now,
                                issued.verificationId().toString(), issued.maskedNumber(), purpose.name());
                outcome = Outcome.done(issued);
            } else {
                boolean throttled = result instanceof SendResult.Throttled;
                String reason = throttled ? "vonage-throttled" : ((SendResult.Failed) result).reason();
                // The sweeper has reported an UNCONFIRMED send as failed already: once is enough.
                event = send.status == CodeSend.Status.PENDING
                        ? new SmsDeliveryFailed(tenantId, userId, now,
                                issued.verificationId().toString(), issued.maskedNumber(), reason,
                                channel.name())
                        : null;
                if (undecided) {
                    send.status = CodeSend.Status.REJECTED;
                    send.failureReason = reason;
                }
                outcome = Outcome.refused(throttled ? VerificationProblem.providerBusy()
                        : VerificationProblem.providerError());
            }
            return event == null
                    ? Uni.createFrom().item(outcome)
                    : outbox.add(event, issued.verificationId().toString()).replaceWith(outcome);
        });
    }
}
