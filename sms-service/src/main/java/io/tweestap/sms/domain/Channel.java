package io.tweestap.sms.domain;

/** How the code reaches the user: a text message, or a call that reads it aloud. */
public enum Channel {
    SMS, VOICE
}
