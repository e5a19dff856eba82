package io.tweestap.events.challenge;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** The platform withdrew a pending challenge, e.g. because the user closed the sign-in page. */
public record ChallengeCancelled(String tenantId, String userId, Instant occurredAt, String challengeId, String purpose) implements TweestapEvent {

    @Override
    public String subject() {
        return challengeId;
    }
}
