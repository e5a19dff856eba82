package io.tweestap.enrollment.messaging;

import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.service.PhoneVerifications;
import io.tweestap.events.inbox.Inbox;
import io.tweestap.events.sms.SmsVerified;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Reads mfa.sms.events.v1 once per event: a verified enrolment code makes the phone a method. */
@ApplicationScoped
public class SmsEvents {

    static final String CONSUMER = "enrollment-service";

    @Inject
    Inbox inbox;

    @Inject
    PhoneVerifications phoneVerifications;

    @Incoming("sms-events")
    public Uni<Void> onSmsEvent(Message<String> message) {
        return inbox.consume(CONSUMER, message, event -> event.data() instanceof SmsVerified verified
                && PhoneVerifications.PURPOSE.equals(verified.purpose())
                ? phoneVerifications.verified(verified.tenantId(), verified.userId(), verified.verificationId(),
                        verified.phoneId(), verified.maskedNumber())
                : Uni.createFrom().voidItem());
    }
}
