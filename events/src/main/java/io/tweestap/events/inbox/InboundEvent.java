package io.tweestap.events.inbox;

import io.tweestap.events.EventType;
import io.tweestap.events.TweestapEvent;

/** An event as a consumer sees it: the CloudEvents attributes and the typed data. */
public record InboundEvent(String id, EventType<?> type, String subject, TweestapEvent data) {
}
