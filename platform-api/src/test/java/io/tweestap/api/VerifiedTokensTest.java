package io.tweestap.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-06T09:00:00Z");

    private final VerifiedTokens tokens = new VerifiedTokens();

    @Test
    void aVerifiedTokenIsRecalledForAMinuteThenCheckedAgain() {
        JsonWebToken claims = expiringAt(NOW.plusSeconds(600));
        tokens.remember("token", claims, NOW);

        assertThat(tokens.recall("token", NOW.plusSeconds(59))).isSameAs(claims);
        assertThat(tokens.recall("token", NOW.plusSeconds(60))).isNull();
        assertThat(tokens.size()).isZero();
    }

    @Test
    void aTokenIsNeverRecalledFromItsExpiryOn() {
        JsonWebToken claims = expiringAt(NOW.plusSeconds(10));
        tokens.remember("token", claims, NOW);

        assertThat(tokens.recall("token", NOW.plusSeconds(9))).isSameAs(claims);
        assertThat(tokens.recall("token", NOW.plusSeconds(10))).isNull();
    }

    @Test
    void aTokenAcceptedPastItsExpiryWithinTheClockSkewIsNotRemembered() {
        tokens.remember("token", expiringAt(NOW.minusSeconds(5)), NOW);

        assertThat(tokens.recall("token", NOW)).isNull();
        assertThat(tokens.size()).isZero();
    }

    @Test
    void aTokenWithoutExpiryIsNotRemembered() {
        tokens.remember("token", expiringAt(null), NOW);

        assertThat(tokens.recall("token", NOW)).isNull();
    }

    @Test
    void onlyTheExactTextIsRecalled() {
        tokens.remember("token", expiringAt(NOW.plusSeconds(600)), NOW);

        assertThat(tokens.recall("token ", NOW)).isNull();
        assertThat(tokens.recall("tokeN", NOW)).isNull();
    }

    @Test
    void pastItsBoundItHoldsNoMoreThanItMayKeepingNothingExpired() {
        for (int i = 0; i < VerifiedTokens.MOST; i++) {
            tokens.remember("old-" + i, expiringAt(NOW.plusSeconds(5)), NOW);
        }
        Instant later = NOW.plusSeconds(30);
        tokens.remember("new", expiringAt(later.plusSeconds(600)), later);

        assertThat(tokens.size()).isEqualTo(1);
        assertThat(tokens.recall("new", later)).isNotNull();

        for (int i = 1; i < VerifiedTokens.MOST; i++) {
            tokens.remember("live-" + i, expiringAt(later.plusSeconds(600)), later);
        }
        tokens.remember("one-too-many", expiringAt(later.plusSeconds(600)), later);
        assertThat(tokens.size()).isEqualTo(1);
        assertThat(tokens.recall("one-too-many", later)).isNotNull();
    }

    private static JsonWebToken expiringAt(Instant expiry) {
        Map<String, Object> claims = expiry == null ? Map.of() : Map.of("exp", expiry.getEpochSecond());
        return new ClaimsToken(claims);
    }
}
