package io.tweestap.events;

import java.time.Instant;

/**
 * A fact that happened in Tweestap. Every event names the tenant and user it is about, so that
 * the record key {@code tenantId:userId} keeps everything about one user in order on its topic.
 * Implementations never carry secrets or full phone numbers.
 */
public interface TweestapEvent {

    String tenantId();

    String userId();

    Instant occurredAt();

    /**
     * What the event is about within its source, published as {@code ce_subject}: the id of the
     * challenge, device, enrollment, pass or verification it names; {@code null} when it is about
     * nothing of ours with an id of its own. Each event says, so the outbox needs nothing else.
     */
    String subject();

    /** The Kafka record key: one partition per user keeps that user's events ordered. */
    default String recordKey() {
        return tenantId() + ":" + userId();
    }
}
