package io.tweestap.challenge.messaging;

import io.smallrye.mutiny.Uni;
import io.tweestap.challenge.projection.DeviceDirectory;
import io.tweestap.challenge.projection.PhoneDirectory;
import io.tweestap.challenge.service.StrandedChallenges;
import io.tweestap.events.TweestapEvent;
import io.tweestap.events.enrollment.DeviceBlocked;
import io.tweestap.events.enrollment.DeviceRegistered;
import io.tweestap.events.enrollment.DeviceRemoved;
import io.tweestap.events.enrollment.DeviceUnblocked;
import io.tweestap.events.enrollment.DeviceVerified;
import io.tweestap.events.enrollment.PhoneRegistered;
import io.tweestap.events.enrollment.PhoneRemoved;
import io.tweestap.events.enrollment.RegistrationReset;
import io.tweestap.events.inbox.Inbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads mfa.enrollment.events.v1 once per event, through the inbox, into the device-key and phone directories;
 * a device's block also cancels the pending challenges it leaves without a device to answer them.
 */
@ApplicationScoped
public class EnrollmentEvents {

    static final String CONSUMER = "challenge-service";

    /**
     * The events {@link #apply} acts on. The others (EnrollmentStarted, EnrollmentCompleted, ...) are
     * acknowledged without a transaction: a bulk enrolment's EnrollmentStarted events would otherwise
     * take a commit each ahead of the DeviceRegistered events behind them.
     */
    private static final Set<Class<? extends TweestapEvent>> APPLIED = Set.of(DeviceRegistered.class,
            DeviceVerified.class, DeviceRemoved.class, DeviceBlocked.class, DeviceUnblocked.class, PhoneRegistered.class,
            PhoneRemoved.class, RegistrationReset.class);

    @Inject
    Inbox inbox;

    @Inject
    DeviceDirectory devices;

    @Inject
    PhoneDirectory phones;

    @Inject
    StrandedChallenges stranded;

    @Incoming("enrollment-events")
    public Uni<Void> onEnrollmentEvent(Message<String> message) {
        return inbox.consume(CONSUMER, message, event -> APPLIED.contains(event.data().getClass()),
                event -> apply(event.data()));
    }

    private Uni<Void> apply(TweestapEvent event) {
        if (event instanceof DeviceRegistered registered) {
            return devices.registered(registered);
        }
        if (event instanceof DeviceVerified verified) {
            return devices.verified(verified);
        }
        if (event instanceof DeviceRemoved removed) {
            return devices.removed(removed);
        }
        if (event instanceof DeviceBlocked blocked) {
            // In the same inbox transaction: the block and the cancellations it causes commit together.
            return devices.blocked(blocked).chain(applied -> applied
                    ? stranded.cancelFor(blocked.tenantId(), blocked.userId(), blocked.deviceId())
                    : Uni.createFrom().voidItem());
        }
        if (event instanceof DeviceUnblocked unblocked) {
            return devices.unblocked(unblocked);
        }
        if (event instanceof PhoneRegistered phone) {
            return phones.registered(phone);
        }
        if (event instanceof PhoneRemoved phone) {
            return phones.removed(phone);
        }
        if (event instanceof RegistrationReset reset) {
            return devices.reset(reset).chain(() -> phones.reset(reset));
        }
        return Uni.createFrom().voidItem();
    }
}
