package io.tweestap.notification.provider;

import io.smallrye.mutiny.Uni;

/** A platform push service (APNs, FCM) that reaches a device by its provider token. */
public interface PushProvider {

    /** The channel kind in {@code DeviceRegistered.pushChannels}: {@code apns} or {@code fcm}. */
    String kind();

    /** False when no credentials are configured; the adapter said so at start-up. */
    boolean enabled();

    /**
     * One attempt. Transport failures may surface as a failed Uni or as {@link ProviderAnswer.Unavailable};
     * {@link ProviderDelivery} retries both.
     */
    Uni<ProviderAnswer> send(ProviderPush push, String deviceToken);
}
