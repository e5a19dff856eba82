package io.tweestap.events;

/**
 * Binds an event record to its CloudEvents type and its topic, e.g.
 * {@code tweestap.enrollment.DeviceRegistered.v1} on {@code mfa.enrollment.events.v1}.
 */
public record EventType<E extends TweestapEvent>(Topic topic, Class<E> payloadClass, int version) {

    public static <E extends TweestapEvent> EventType<E> of(Topic topic, Class<E> payloadClass) {
        return new EventType<>(topic, payloadClass, 1);
    }

    public String ceType() {
        return "tweestap." + topic.service() + "." + payloadClass.getSimpleName() + ".v" + version;
    }
}
