package io.tweestap.e2e.journey;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The bearer token an identity provider gives a platform team's application (RS256, audience
 * {@code tweestap}, {@code tenant} and {@code scope} claims), signed with the key the services were told to trust.
 */
public final class PlatformToken {

    public static final String DEV_ISSUER = "https://tweestap.local/dev";
    /** The audience every service accepts from a platform (decision 0009). */
    public static final String PLATFORM_AUDIENCE = "tweestap";

    private final PrivateKey key;
    private final String issuer;

    public PlatformToken(PrivateKey key, String issuer) {
        this.key = key;
        this.issuer = issuer;
    }

    /** Reads a PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}), as openssl genpkey writes it. */
    public static PlatformToken fromPem(Path pem, String issuer) {
        try {
            String text = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return new PlatformToken(KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(text))), issuer);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the RSA signing key " + pem, e);
        }
    }

    public String mint(String tenant, String... scopes) {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"" + issuer + "\",\"aud\":\"" + PLATFORM_AUDIENCE + "\",\"sub\":\"e2e-platform\",\"tenant\":\"" + tenant
                + "\",\"scope\":\"" + String.join(" ", scopes) + "\",\"iat\":" + now + ",\"exp\":" + (now + 600)
                + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        String signingInput = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "." + base64Url(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key);
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64Url(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
