package io.tweestap.events;

import java.net.URI;

/** One topic per owning service; the name carries the contract version, never an id. */
public enum Topic {
    ENROLLMENT("enrollment"),
    CHALLENGE("challenge"),
    NOTIFICATION("notification"),
    SMS("sms");

    private final String service;

    Topic(String service) {
        this.service = service;
    }

    public String service() {
        return service;
    }

    public String topicName() {
        return "mfa." + service + ".events.v1";
    }

    /** Poison records from this topic are parked here, whichever service failed to read them. */
    public String deadLetterTopicName() {
        return topicName() + ".dlq";
    }

    /** The CloudEvents {@code source} of every event on this topic. */
    public URI source() {
        return URI.create("/tweestap/" + service + "-service");
    }

    public static Topic ofTopicName(String topicName) {
        for (Topic topic : values()) {
            if (topic.topicName().equals(topicName)) {
                return topic;
            }
        }
        throw new IllegalArgumentException("Not a Tweestap topic: " + topicName);
    }
}
