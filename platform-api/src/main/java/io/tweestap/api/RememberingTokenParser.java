package io.tweestap.api;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.time.Clock;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The bearer-token check of every service's API (Quarkus' {@code MpJwtValidator} calls
 * {@link #parse(String)}) with {@link VerifiedTokens} in front: a token verified less than a minute
 * ago, and not yet expired, is not parsed and verified again. Parsing and the RS256 check cost about
 * half a millisecond of CPU a request, as much as the rest of a code check (decision 0125).
 *
 * <p>What this gives up: a token whose signing key is withdrawn stays accepted for up to a minute, as
 * it would be by an instance that cached the key set; and a token just past its expiry is checked in
 * full again, where the configured clock skew may still accept it.
 */
@Decorator
@Priority(10)
public abstract class RememberingTokenParser implements JWTParser {

    private static final Clock CLOCK = Clock.systemUTC();

    private final VerifiedTokens verified = new VerifiedTokens();

    @Inject
    @Any
    @Delegate
    JWTParser parser;

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken remembered = verified.recall(token, CLOCK.instant());
        if (remembered != null) {
            return remembered;
        }
        JsonWebToken claims = parser.parse(token);
        verified.remember(token, claims, CLOCK.instant());
        return claims;
    }
}
