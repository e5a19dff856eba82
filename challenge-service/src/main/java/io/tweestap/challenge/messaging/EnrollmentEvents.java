package io.tweestap.challenge.messaging;

import io.smallrye.mutiny.Uni;
import io.tweestap.challenge.projection.UserEnrollments;
import io.tweestap.events.enrollment.EnrollmentStarted;
import io.tweestap.events.inbox.Inbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Reads mfa.enrollment.events.v1 once per event, through the inbox. */
@ApplicationScoped
public class EnrollmentEvents {

    static final String CONSUMER = "challenge-service";

    @Inject
    Inbox inbox;

    @Inject
    UserEnrollments userEnrollments;

    @Incoming("enrollment-events")
    public Uni<Void> onEnrollmentEvent(Message<String> message) {
        return inbox.consume(CONSUMER, message, event -> event.data() instanceof EnrollmentStarted started
                ? userEnrollments.record(started)
                : Uni.createFrom().voidItem());
    }
}
