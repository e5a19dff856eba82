package io.tweestap.events.enrollment;

/**
 * One way to reach a device: {@code direct} (Tweestap's own WebSocket channel), {@code apns} or
 * {@code fcm}. The address is the provider's device token; it is not a secret, but it is only
 * useful to the notification service.
 */
public record PushChannel(String kind, String address) {
}
