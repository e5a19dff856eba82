package io.tweestap.notification.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What a device is told, as the JSON frame on its stream and the data of an APNs / FCM push. It
 * carries context for the user to judge a sign-in, never the number to match or any secret.
 */
public sealed interface PushMessage {

    String type();

    /** A sign-in or test challenge waiting for the user's answer. */
    record ChallengePush(String type, String challengeId, String serverNonce, String purpose, String application,
            String ipAddress, String location, Instant expiresAt) implements PushMessage {
        public ChallengePush(String challengeId, String serverNonce, String purpose, String application, String ipAddress,
                String location, Instant expiresAt) {
            this("challenge", challengeId, serverNonce, purpose, application, ipAddress, location, expiresAt);
        }
    }

    /**
     * The challenge was answered elsewhere, expired, or cancelled by the platform (outcome
     * approved | denied | expired | cancelled): the device should take it off its screen.
     */
    record ChallengeClosed(String type, String challengeId, String outcome) implements PushMessage {
        public ChallengeClosed(String challengeId, String outcome) {
            this("challenge-closed", challengeId, outcome);
        }
    }

    /** Someone bound a new authenticator to this user; if it was not them, they must act. */
    record NewDeviceNotice(String type, String deviceId, String deviceName, String platform, Instant registeredAt)
            implements PushMessage {
        public NewDeviceNotice(String deviceId, String deviceName, String platform, Instant registeredAt) {
            this("new-device", deviceId, deviceName, platform, registeredAt);
        }
    }

    /**
     * A temporary access pass was issued for this user (action {@code issued}, valid until
     * {@code expiresAt}) or spent to set up a new device ({@code redeemed}): informational, nothing
     * to answer; if the user did not ask the help desk for one, they must act. Never the pass itself.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AccessPassNotice(String type, String passId, String action, Instant at, Instant expiresAt)
            implements PushMessage {
        public AccessPassNotice(String passId, String action, Instant at, Instant expiresAt) {
            this("access-pass", passId, action, at, expiresAt);
        }
    }
}
