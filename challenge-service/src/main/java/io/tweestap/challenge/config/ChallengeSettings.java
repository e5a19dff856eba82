package io.tweestap.challenge.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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

    /** Setup test pushes per user allowed within {@link #pushLimitWindow()}, counted apart from sign-ins. */
    int testPushLimit();

    /** Sign-in pushes since the last approved sign-in after which pushes stop until one is approved or an admin resets. */
    int pushesSinceSuccessLimit();

    /** Denials or time-outs in a row after which pushes pause and the platform should use another factor. */
    int failuresBeforeSuppression();

    Duration suppression();

    /** An SMS code lives five minutes at sms-service; the fallback challenge lives as long. */
    Duration smsExpiry();

    Retention retention();

    /**
     * Origins of the web app (enrollment-service's public URL, where {@code /app/} is served) allowed
     * to call the device API from a browser (CORS, decision 0077); none, no browser may.
     */
    Optional<List<String>> appOrigins();

    /** How long decided challenges are kept, and how the purge works through them (decision 0049). */
    interface Retention {

        /** Age after its decision at which a challenge is deleted; longer than the push-limit window. */
        Duration decidedChallenges();

        /** Rows per delete statement, so no purge holds many locks or a long transaction. */
        int batchSize();

        /** How often every instance runs the purge (read by the schedule). */
        Duration every();
    }
}
