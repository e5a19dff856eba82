package io.tweestap.events.enrollment;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** A verified phone became a fallback method of the user. */
public record PhoneRegistered(String tenantId, String userId, Instant occurredAt, String phoneId, String maskedNumber, String methodId) implements TweestapEvent {

    /**
     * The user's phone method ({@code methodId}, the id enrollment-service's API names), not
     * sms-service's phone. Events written before the method id was added lack it.
     */
    @Override
    public String subject() {
        return methodId;
    }
}
