package io.tweestap.notification.provider;

import java.time.Duration;
import java.util.Optional;

/** What a push service said about one attempt, in the terms that decide what happens next. */
public sealed interface ProviderAnswer {

    /** The provider took the push for the device. */
    record Accepted() implements ProviderAnswer {
    }

    /** The token is dead (app uninstalled, wrong environment): the channel is deactivated. */
    record InvalidToken(String detail) implements ProviderAnswer {
    }

    /** A permanent refusal of this push (bad payload, auth): reported, not retried. */
    record Rejected(String detail) implements ProviderAnswer {
    }

    /**
     * 5xx, 429 or the network: worth another try after a back-off, and not before the provider's
     * {@code Retry-After} when it sent one.
     */
    record Unavailable(String detail, Optional<Duration> retryAfter) implements ProviderAnswer {
        public Unavailable(String detail) {
            this(detail, Optional.empty());
        }
    }
}
