package io.tweestap.sms.service;

import io.smallrye.mutiny.Uni;
import io.tweestap.events.TweestapEvent;
import io.tweestap.events.outbox.Outbox;
import io.tweestap.events.sms.SmsDeliveryFailed;
import io.tweestap.events.sms.SmsSent;
import io.tweestap.events.sms.VoiceCallPlaced;
import io.tweestap.sms.domain.Channel;
import io.tweestap.sms.domain.Purpose;
import io.tweestap.sms.domain.SendStates;
import io.tweestap.sms.repository.CodeSendRepository;
import io.tweestap.sms.vonage.SendResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Records what Vonage answered to a send, with its event, in the transaction after the call. */
@ApplicationScoped
class SendAnswers {

    @Inject
    CodeSendRepository sends;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    Uni<Outcome<IssuedCode>> record(IssuedCode issued, UUID sendId, Channel channel, String tenantId, String userId,
            Purpose purpose, SendResult result) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        // Locked, so that the sweeper cannot settle the send while its answer is being recorded.
        return sends.locked(sendId).chain(send -> {
            // Normally PENDING; UNCONFIRMED when this answer took longer than the sweeper's age; a later
            // state when a receipt or call event came first (those already said what happened): SendStates.
            TweestapEvent event;
            Outcome<IssuedCode> outcome;
            if (result instanceof SendResult.Accepted accepted) {
                send.providerId = accepted.providerId();
                send.take(SendStates.Answer.ACCEPTED, null);
                event = channel == Channel.SMS
                        ? new SmsSent(tenantId, userId, now, issued.verificationId().toString(),
                                issued.maskedNumber(), purpose.name())
                        : new VoiceCallPlaced(tenantId, userId, now,
                                issued.verificationId().toString(), issued.maskedNumber(), purpose.name());
                outcome = Outcome.done(issued);
            } else if (result instanceof SendResult.Unanswered unanswered) {
                // It may have gone out (decision 0078): the code stays valid and the send counts for the
                // cooldown and the limits, so neither this start repeated nor the sweeper sends it again;
                // a receipt that still comes settles it. Reported once, as the sweeper would.
                event = send.take(SendStates.Answer.NO_ANSWER, unanswered.reason())
                        ? new SmsDeliveryFailed(tenantId, userId, now, issued.verificationId().toString(),
                                issued.maskedNumber(), PendingSendSweeper.REASON, channel.name())
                        : null;
                outcome = Outcome.done(issued);
            } else {
                boolean throttled = result instanceof SendResult.Throttled;
                String reason = throttled ? "vonage-throttled" : ((SendResult.Failed) result).reason();
                event = send.take(SendStates.Answer.REFUSED, reason)
                        ? new SmsDeliveryFailed(tenantId, userId, now, issued.verificationId().toString(),
                                issued.maskedNumber(), reason, channel.name())
                        : null;
                outcome = Outcome.refused(throttled ? VerificationProblem.providerBusy()
                        : VerificationProblem.providerError());
            }
            return event == null
                    ? Uni.createFrom().item(outcome)
                    : outbox.add(event).replaceWith(outcome);
        });
    }
}
