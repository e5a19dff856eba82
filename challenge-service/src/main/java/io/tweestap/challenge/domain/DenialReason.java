package io.tweestap.challenge.domain;

public enum DenialReason { USER_DENIED, WRONG_NUMBER, FRAUD_REPORTED, SMS_CODE_FAILED }
