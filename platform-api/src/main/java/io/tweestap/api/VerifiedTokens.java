package io.tweestap.api;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer tokens that have passed the full check (signature, issuer, audience, times), remembered by
 * their exact text for at most {@link #REMEMBERED} and never past their own expiry, so that a caller
 * that reuses its token (every platform and service does, decision 0111) has it parsed and its
 * signature verified once a minute instead of on every request (decision 0125).
 *
 * <p>Only a token that verified is remembered; a token that is not here is checked in full. At most
 * {@link #MOST} are held: past that the expired ones go, and if that is not enough, all of them.
 */
final class VerifiedTokens {

    static final Duration REMEMBERED = Duration.ofMinutes(1);
    static final int MOST = 10_000;

    private record Verified(JsonWebToken token, Instant until) {
    }

    private final ConcurrentMap<String, Verified> verified = new ConcurrentHashMap<>();

    /** The token's claims as they were verified, while it is remembered and not expired; else null. */
    JsonWebToken recall(String token, Instant now) {
        Verified found = verified.get(token);
        if (found == null) {
            return null;
        }
        if (!now.isBefore(found.until())) {
            verified.remove(token, found);
            return null;
        }
        return found.token();
    }

    /** After the full check passed at {@code now}. A token without an expiry is not remembered. */
    void remember(String token, JsonWebToken claims, Instant now) {
        // getExpirationTime() unboxes, and fails on a token without one.
        if (!(claims.getClaim(Claims.exp.name()) instanceof Number exp) || exp.longValue() <= 0) {
            return;
        }
        Instant expiry = Instant.ofEpochSecond(exp.longValue());
        Instant until = now.plus(REMEMBERED).isBefore(expiry) ? now.plus(REMEMBERED) : expiry;
        if (!now.isBefore(until)) {
            return;
        }
        if (verified.size() >= MOST) {
            verified.values().removeIf(held -> !now.isBefore(held.until()));
            if (verified.size() >= MOST) {
                verified.clear();
            }
        }
        verified.put(token, new Verified(claims, until));
    }

    int size() {
        return verified.size();
    }
}
