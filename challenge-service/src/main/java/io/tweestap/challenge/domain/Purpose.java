package io.tweestap.challenge.domain;

/** A real sign-in, or the test push the setup wizard sends to a newly added device. */
public enum Purpose { SIGN_IN, ENROLLMENT_TEST }
