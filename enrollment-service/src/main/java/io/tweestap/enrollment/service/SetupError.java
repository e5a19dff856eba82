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
    DEVICE_NOT_ANSWERING,
    TEST_DENIED,
    INVALID_NUMBER,
    WRONG_CODE,
    CODE_EXPIRED,
    TOO_MANY_ATTEMPTS,
    SERVICE_UNAVAILABLE
}
