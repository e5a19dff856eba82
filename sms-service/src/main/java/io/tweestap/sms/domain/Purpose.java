package io.tweestap.sms.domain;

/** Why the code is sent: proving a new phone during enrollment, or signing in with a verified one. */
public enum Purpose {
    ENROLLMENT, SIGN_IN
}
