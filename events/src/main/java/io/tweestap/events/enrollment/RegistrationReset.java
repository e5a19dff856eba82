package io.tweestap.events.enrollment;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** An administrator removed all of a user's methods; the user must register again. */
public record RegistrationReset(String tenantId, String userId, Instant occurredAt, String resetBy) implements TweestapEvent {

    @Override
    public String subject() {
        // A reset is about the whole user.
        return recordKey();
    }
}
