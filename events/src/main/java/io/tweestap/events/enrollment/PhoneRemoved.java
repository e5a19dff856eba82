package io.tweestap.events.enrollment;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** A phone is no longer a method of the user (removed or reset); sms-service may forget the number. */
public record PhoneRemoved(String tenantId, String userId, Instant occurredAt, String phoneId, String maskedNumber, String reason, String methodId) implements TweestapEvent {

    /**
     * The user's phone method ({@code methodId}, the id enrollment-service's API names), not
     * sms-service's phone. Events written before the method id was added lack it.
     */
    @Override
    public String subject() {
        return methodId;
    }
}
