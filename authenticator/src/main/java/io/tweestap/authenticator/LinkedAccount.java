package io.tweestap.authenticator;

import io.tweestap.devicekeys.DeviceKeyPair;

import java.net.URI;
import java.time.Instant;

/**
 * A work account this authenticator is linked to: the device id the service gave it, where to reach
 * the services, and the device's own P-256 key, which never leaves this store.
 */
public record LinkedAccount(String deviceId, String tenantId, String userId, String deviceName, Instant registeredAt,
        URI enrollmentUrl, URI challengesUrl, URI notificationsUrl, String publicKey, String privateKey) {

    public DeviceKeyPair keys() {
        return DeviceKeyPair.restore(privateKey, publicKey);
    }

    /** How a person recognises the account in a list. */
    public String label() {
        return userId + " (" + tenantId + ")";
    }

    @Override
    public String toString() {
        return "LinkedAccount[device=" + deviceId + ", user=" + userId + ", tenant=" + tenantId + "]";
    }
}
