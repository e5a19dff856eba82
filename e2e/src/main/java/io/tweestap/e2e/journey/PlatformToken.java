package io.tweestap.e2e.journey;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The bearer token an identity provider gives a platform team's application (RS256, audience
 * {@code tweestap}, {@code tenant} and {@code scope} claims), signed with the key the services were told to trust.
 * A platform keeps the token it was given for a while, as an OAuth client keeps its client-credentials
 * token: {@link #current} hands out the same one for a tenant and scopes during the first half of its
 * ten minutes, so a load run measures Tweestap, not RSA signatures made by the load generator.
 */
public final class PlatformToken {

    static final Duration LIFETIME = Duration.ofMinutes(10);
    static final Duration KEPT = LIFETIME.dividedBy(2);
    /** More tenant and scope pairs than any run uses: past it, tokens no longer kept are let go. */
    private static final int PRUNE_ABOVE = 1_000;

    public static final String DEV_ISSUER = "https://tweestap.local/dev";
    /** The audience every service accepts from a platform (decision 0009). */
    public static final String PLATFORM_AUDIENCE = "tweestap";

    private final PrivateKey key;
    private final String issuer;
    private final Supplier<Instant> clock;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    /** A token and until when it is handed out again. */
    private record Kept(String token, Instant until) {
    }

    public PlatformToken(PrivateKey key, String issuer) {
        this(key, issuer, Instant::now);
    }

    PlatformToken(PrivateKey key, String issuer, Supplier<Instant> clock) {
        this.key = key;
        this.issuer = issuer;
        this.clock = clock;
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

    /** The token the platform holds for the tenant and scopes: the same one while it has more than half its life left. */
    public String current(String tenant, String... scopes) {
        Instant now = clock.get();
        String key = tenant + "\n" + String.join(" ", scopes);
        Kept held = kept.get(key);
        if (held == null || !now.isBefore(held.until())) {
            if (kept.size() > PRUNE_ABOVE) {
                kept.values().removeIf(old -> !now.isBefore(old.until()));
            }
            held = new Kept(mint(tenant, scopes), now.plus(KEPT));
            kept.put(key, held);
        }
        return held.token();
    }

    /** A new token, valid for ten minutes from now. */
    public String mint(String tenant, String... scopes) {
        long now = clock.get().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"" + issuer + "\",\"aud\":\"" + PLATFORM_AUDIENCE + "\",\"sub\":\"e2e-platform\",\"tenant\":\"" + tenant
                + "\",\"scope\":\"" + String.join(" ", scopes) + "\",\"iat\":" + now + ",\"exp\":" + (now + LIFETIME.toSeconds())
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
