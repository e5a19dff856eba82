package io.tweestap.challenge.service;

import io.tweestap.challenge.domain.Purpose;

/**
 * What the platform tells us about a sign-in; shown on the phone so the user can judge it. The
 * language (nl or en) is that of a code sent for it.
 */
public record NewChallenge(String userId, Purpose purpose, String deviceId, String application, String ipAddress, String location,
        String language) {
}
