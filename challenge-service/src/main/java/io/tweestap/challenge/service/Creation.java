package io.tweestap.challenge.service;

import io.tweestap.challenge.domain.PushChallenge;
import io.tweestap.challenge.domain.SignInMethod;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** The result of asking for a challenge: created, refused with a reason the platform can act on, or a method the tenant does not allow. */
public sealed interface Creation {

    record Created(PushChallenge challenge) implements Creation {
    }

    record Refused(Refusal refusal, Duration retryAfter, UUID pendingChallengeId) implements Creation {
    }

    /** The tenant's sign-in policy does not allow the method asked for; these are the ones it does (decision 0103). */
    record NotAllowed(List<SignInMethod> allowedMethods) implements Creation {
    }

    enum Refusal {
        /** The user reported a push as fraud; an admin must unblock. */
        FRAUD_BLOCKED,
        /** Too many denials or time-outs in a row: use another factor for a while. */
        SUPPRESSED,
        /** Too many pushes of this purpose in the window: the push-bombing brake. */
        PUSH_LIMIT,
        /** Too many sign-in pushes since the last approved sign-in: until one is approved (by SMS) or an admin resets. */
        UNANSWERED_PUSH_LIMIT,
        /** One pending sign-in challenge per user. */
        CHALLENGE_PENDING,
        NO_ACTIVE_DEVICE,
        /** The wizard's new device has not reached this service yet; try again shortly. */
        DEVICE_NOT_KNOWN,
        /** The test push's device is blocked by an administrator (decision 0089). */
        DEVICE_BLOCKED,
        /** The tenant's sign-in policy does not allow the method asked for (decision 0103). */
        METHOD_NOT_ALLOWED
    }
}
