package io.tweestap.notification.provider;

import io.smallrye.mutiny.Uni;

/** A push service (APNs, FCM, Web Push) that reaches a device by its channel address (a provider token, or a Web Push subscription). */
public interface PushProvider {

    /** The channel kind: {@code apns} or {@code fcm} (from {@code DeviceRegistered.pushChannels}), or {@code webpush} (registered by the device). */
    String kind();

    /** False when no credentials are configured; the adapter said so at start-up. */
    boolean enabled();

    /**
     * One attempt. Transport failures may surface as a failed Uni or as {@link ProviderAnswer.Unavailable};
     * {@link ProviderDelivery} retries both.
     */
    Uni<ProviderAnswer> send(ProviderPush push, String deviceToken);
}
