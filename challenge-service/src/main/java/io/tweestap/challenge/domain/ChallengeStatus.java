package io.tweestap.challenge.domain;

/** A challenge leaves PENDING exactly once. */
public enum ChallengeStatus { PENDING, APPROVED, DENIED, EXPIRED, CANCELLED }
