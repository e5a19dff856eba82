package io.tweestap.api;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** A verified token's claims as a unit test hands them over, without signing anything. */
final class ClaimsToken implements JsonWebToken {

    private final Map<String, Object> claims;

    ClaimsToken(Map<String, Object> claims) {
        this.claims = claims;
    }

    @Override
    public String getName() {
        return "platform";
    }

    @Override
    public Set<String> getClaimNames() {
        return claims.keySet();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String name) {
        return (T) claims.get(name);
    }
}
