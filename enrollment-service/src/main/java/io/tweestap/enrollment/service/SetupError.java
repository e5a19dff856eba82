package io.tweestap.enrollment.service;

/**
 * What can go wrong for a person in the setup wizard. Each value has a message in both languages
 * ({@code wizard/WizardMessages}), so the page explains it in the user's language.
 */
public enum SetupError {
    LINK_EXPIRED,
    LINK_USED,
    LINK_UNKNOWN,
    SESSION_EXPIRED,
    /** An administrator reset the user's registration: this link, session or code was ended with it. */
    SETUP_ENDED,
    DEVICE_NOT_ANSWERING,
    TEST_DENIED,
    /** The test push was answered with a number other than the one on the page. */
    TEST_WRONG_NUMBER,
    /** A sign-in was reported as fraud: pushes, the test push included, wait for an administrator. */
    PUSHES_BLOCKED,
    /** Too many test pushes in a short time; the detail is the wait in seconds. */
    TEST_PUSH_LIMITED,
    INVALID_NUMBER,
    WRONG_CODE,
    CODE_EXPIRED,
    /** Too many wrong codes: this code is dead, a new one is the way on. */
    CODE_LOCKED,
    TOO_MANY_ATTEMPTS,
    /** sms-service refused to send (cooldown or a send limit); the detail is the wait in seconds. */
    SEND_LIMITED,
    SERVICE_UNAVAILABLE
}
