package io.tweestap.events.enrollment;

/**
 * One way to reach a device: {@code direct} (Tweestap's own WebSocket channel), {@code apns} or
 * {@code fcm}. The address is the provider's device token; it is not a secret, but it is only
 * useful to the notification service. A Web Push subscription is never one of these: its
 * {@code auth} secret must stay off the topics, so the device registers it with
 * notification-service itself, with a signed call.
 */
public record PushChannel(String kind, String address) {
}
