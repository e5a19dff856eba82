package io.tweestap.notification.messaging;

import io.smallrye.mutiny.Uni;
import io.tweestap.events.TweestapEvent;
import io.tweestap.events.enrollment.DeviceBlocked;
import io.tweestap.events.enrollment.DeviceRegistered;
import io.tweestap.events.enrollment.DeviceRemoved;
import io.tweestap.events.enrollment.DeviceUnblocked;
import io.tweestap.events.enrollment.DeviceVerified;
import io.tweestap.events.enrollment.TemporaryAccessPassIssued;
import io.tweestap.events.enrollment.TemporaryAccessPassRedeemed;
import io.tweestap.events.inbox.Inbox;
import io.tweestap.events.inbox.InboundEvent;
import io.tweestap.notification.delivery.Pushes;
import io.tweestap.notification.directory.DeviceDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Reads mfa.enrollment.events.v1 once per event, through the inbox: the device directory, new-device and access-pass notices. */
@ApplicationScoped
public class EnrollmentEvents {

    static final String CONSUMER = "notification-service";

    /**
     * The events {@link #apply} acts on. The others (EnrollmentStarted, EnrollmentCompleted, ...) are
     * acknowledged without a transaction: a bulk enrolment's EnrollmentStarted events would otherwise
     * take a commit each ahead of the DeviceRegistered events behind them, while the new phones wait
     * for the directory to let their streams open.
     */
    private static final Set<Class<? extends TweestapEvent>> APPLIED = Set.of(DeviceRegistered.class,
            DeviceVerified.class, DeviceRemoved.class, DeviceBlocked.class, DeviceUnblocked.class,
            TemporaryAccessPassIssued.class, TemporaryAccessPassRedeemed.class);

    @Inject
    Inbox inbox;

    @Inject
    DeviceDirectory directory;

    @Inject
    Pushes pushes;

    @Incoming("enrollment-events")
    public Uni<Void> onEnrollmentEvent(Message<String> message) {
        return inbox.consume(CONSUMER, message, event -> APPLIED.contains(event.data().getClass()), this::apply);
    }

    private Uni<Void> apply(InboundEvent event) {
        if (event.data() instanceof DeviceRegistered registered) {
            // No new-device notice for a registration the directory refused (a removed device's, replayed).
            return directory.apply(registered)
                    .chain(taken -> taken ? pushes.deviceRegistered(registered) : Uni.createFrom().voidItem());
        }
        if (event.data() instanceof DeviceVerified verified) {
            return directory.apply(verified);
        }
        if (event.data() instanceof DeviceRemoved removed) {
            return directory.apply(removed);
        }
        if (event.data() instanceof DeviceBlocked blocked) {
            return directory.apply(blocked);
        }
        if (event.data() instanceof DeviceUnblocked unblocked) {
            return directory.apply(unblocked);
        }
        if (event.data() instanceof TemporaryAccessPassIssued issued) {
            return pushes.accessPassIssued(issued);
        }
        if (event.data() instanceof TemporaryAccessPassRedeemed redeemed) {
            return pushes.accessPassRedeemed(redeemed);
        }
        return Uni.createFrom().voidItem();
    }
}
