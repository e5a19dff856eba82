package io.tweestap.testkit;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;

/**
 * Bearer tokens as a platform's identity provider would issue them, signed with the test key:
 * issuer {@value #ISSUER}, audience {@value #PLATFORM_AUDIENCE} (decision 0009).
 */
public final class TestTokens {

    public static final String ISSUER = "https://tweestap.local/dev";
    /** The audience of platform teams' tokens, which every service accepts besides its own name. */
    public static final String PLATFORM_AUDIENCE = "tweestap";

    private TestTokens() {
    }

    public static String forTenant(String tenant, String... scopes) {
        return sign(claims(tenant, scopes));
    }

    /** A token that carries scopes but no tenant claim. */
    public static String withoutTenant(String... scopes) {
        return sign(Jwt.issuer(ISSUER)
                .audience(PLATFORM_AUDIENCE)
                .subject("platform-test")
                .claim("scope", String.join(" ", scopes))
                .expiresIn(Duration.ofMinutes(10)));
    }

    /** The claims {@link #forTenant} signs, for a test that changes one of them (audience, issuer, expiry) first. */
    public static JwtClaimsBuilder claims(String tenant, String... scopes) {
        return Jwt.issuer(ISSUER)
                .audience(PLATFORM_AUDIENCE)
                .subject("platform-test")
                .claim("tenant", tenant)
                .claim("scope", String.join(" ", scopes))
                .expiresIn(Duration.ofMinutes(10));
    }

    /** Signs with the key the test application trusts (RS256). */
    public static String sign(JwtClaimsBuilder claims) {
        return claims.sign(signingKey());
    }

    private static PrivateKey signingKey() {
        String encoded = System.getProperty(TestPlatform.SIGNING_KEY_PROPERTY);
        if (encoded == null) {
            throw new IllegalStateException("TestPlatform has not started");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(encoded)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
