package io.tweestap.enrollment.messaging;

import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.service.PhoneVerifications;
import io.tweestap.events.inbox.Inbox;
import io.tweestap.events.inbox.InboundEvent;
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
        // Only an enrolment's code verified is applied. The rest of the topic (codes sent, wrong codes,
        // sign-in and API verifications) is acknowledged without a transaction (decision 0123).
        return inbox.consume(CONSUMER, message, SmsEvents::enrolmentCodeVerified, event -> {
            SmsVerified verified = (SmsVerified) event.data();
            return phoneVerifications.verified(verified.tenantId(), verified.userId(), verified.verificationId(),
                    verified.phoneId(), verified.maskedNumber());
        });
    }

    private static boolean enrolmentCodeVerified(InboundEvent event) {
        return event.data() instanceof SmsVerified verified && PhoneVerifications.PURPOSE.equals(verified.purpose());
    }
}
