package io.tweestap.sms.service;

import com.vonage.client.voice.CallStatus;
import com.vonage.client.voice.CallStatusDetail;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.tweestap.events.outbox.Outbox;
import io.tweestap.events.sms.SmsDeliveryFailed;
import io.tweestap.sms.domain.SendStates;
import io.tweestap.sms.repository.CodeSendRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Applies Vonage's call status events to our voice sends. The first final status wins: a call that
 * was answered stays delivered, one that was busy stays undelivered whatever "completed" follows,
 * and a repeated event changes nothing.
 */
@ApplicationScoped
public class CallEvents {

    @Inject
    CodeSendRepository sends;

    private static final Logger LOG = Logger.getLogger(CallEvents.class);

    /** Someone picked up, so the code was read out. */
    private static final Set<CallStatus> REACHED = EnumSet.of(CallStatus.ANSWERED, CallStatus.COMPLETED);

    /** The call ended without anyone hearing the code. */
    private static final Set<CallStatus> NOT_REACHED = EnumSet.of(CallStatus.BUSY, CallStatus.TIMEOUT,
            CallStatus.FAILED, CallStatus.REJECTED, CallStatus.UNANSWERED, CallStatus.CANCELLED);

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    /** One event; {@code started}, {@code ringing}, {@code machine} and the like are progress, not an outcome. */
    @WithTransaction
    public Uni<Void> apply(String callUuid, CallStatus status, CallStatusDetail detail) {
        if (callUuid == null || status == null || !(REACHED.contains(status) || NOT_REACHED.contains(status))) {
            return Uni.createFrom().voidItem();
        }
        return sends.lockedByCall(callUuid)
                .chain(send -> {
                    if (send == null) {
                        // Not ours (or long gone): acknowledged, so that Vonage does not retry it.
                        LOG.infof("Call event for unknown call %s ignored", VonageIds.printable(callUuid));
                        return Uni.createFrom().voidItem();
                    }
                    if (REACHED.contains(status)) {
                        send.take(SendStates.Answer.DELIVERED, null);
                        return Uni.createFrom().voidItem();
                    }
                    String reason = "voice-" + status.toString().toLowerCase(Locale.ROOT)
                            + (detail == null || detail == CallStatusDetail.NO_DETAIL
                                    || detail == CallStatusDetail.UNMAPPED_DETAIL
                                    ? "" : " (" + detail.toString().toLowerCase(Locale.ROOT) + ")");
                    if (!send.take(SendStates.Answer.UNDELIVERED, reason)) {
                        return Uni.createFrom().voidItem();
                    }
                    LOG.infof("Call %s to %s did not reach anyone: %s", send.id, send.maskedNumber, reason);
                    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                    return outbox.add(new SmsDeliveryFailed(send.tenantId, send.userId, now,
                                    send.verificationId.toString(), send.maskedNumber, reason, send.channel.name()))
                            .replaceWithVoid();
                });
    }
}
