package io.tweestap.challenge.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** Defaults for push challenges; a tenant may override number length and expiry. */
@ConfigMapping(prefix = "tweestap.challenge")
public interface ChallengeSettings {

    /** Digits of the number the sign-in screen shows and the user types on the phone. */
    int numberLength();

    Duration expiry();

    Duration maxExpiry();

    /** Sign-in pushes per user allowed within {@link #pushLimitWindow()}: the push-bombing brake. */
    int pushLimit();

    Duration pushLimitWindow();

    /** Denials or time-outs in a row after which pushes pause and the platform should use another factor. */
    int failuresBeforeSuppression();

    Duration suppression();

    /** An SMS code lives five minutes at sms-service; the fallback challenge lives as long. */
    Duration smsExpiry();
}
