package io.tweestap.testkit;

import io.smallrye.jwt.build.Jwt;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;

/** Bearer tokens as a platform's identity provider would issue them, signed with the test key. */
public final class TestTokens {

    public static final String ISSUER = "https://tweestap.local/dev";

    private TestTokens() {
    }

    public static String forTenant(String tenant, String... scopes) {
        return Jwt.issuer(ISSUER)
                .subject("platform-test")
                .claim("tenant", tenant)
                .claim("scope", String.join(" ", scopes))
                .expiresIn(Duration.ofMinutes(10))
                .sign(signingKey());
    }

    /** A token that carries scopes but no tenant claim. */
    public static String withoutTenant(String... scopes) {
        return Jwt.issuer(ISSUER)
                .subject("platform-test")
                .claim("scope", String.join(" ", scopes))
                .expiresIn(Duration.ofMinutes(10))
                .sign(signingKey());
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
