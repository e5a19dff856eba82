package io.tweestap.events.enrollment;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;
import java.util.List;

/** An authenticator activated with a one-time code and bound its P-256 public key (X.509 SubjectPublicKeyInfo, base64). */
public record DeviceRegistered(String tenantId, String userId, Instant occurredAt, String deviceId, String enrollmentId, String deviceName, String platform, String publicKey, List<PushChannel> pushChannels) implements TweestapEvent {

    @Override
    public String subject() {
        return deviceId;
    }
}
