package io.tweestap.e2e.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PlatformTokenTest {

    private static KeyPair keys;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
    }

    @Test
    void theSameTokenIsHandedOutDuringTheFirstHalfOfItsLife() throws Exception {
        AtomicReference<Instant> clock = new AtomicReference<>(Instant.parse("2026-12-05T09:00:00Z"));
        PlatformToken tokens = new PlatformToken(keys.getPrivate(), PlatformToken.DEV_ISSUER, clock::get);

        String first = tokens.current("acme", "challenges");
        clock.set(clock.get().plus(PlatformToken.KEPT.minusSeconds(1)));
        assertThat(tokens.current("acme", "challenges")).isEqualTo(first);

        clock.set(clock.get().plusSeconds(1));
        String next = tokens.current("acme", "challenges");
        assertThat(next).isNotEqualTo(first);
        // handed out with half its life still ahead
        assertThat(claims(next).path("exp").asLong() - clock.get().getEpochSecond())
                .isEqualTo(PlatformToken.LIFETIME.toSeconds());
        assertThat(claims(first).path("exp").asLong() - clock.get().getEpochSecond())
                .isEqualTo(PlatformToken.LIFETIME.minus(PlatformToken.KEPT).toSeconds());
    }

    @Test
    void anotherTenantOrScopeGetsATokenOfItsOwn() throws Exception {
        Instant now = Instant.parse("2026-12-05T09:00:00Z");
        PlatformToken tokens = new PlatformToken(keys.getPrivate(), PlatformToken.DEV_ISSUER, () -> now);

        String acme = tokens.current("acme", "challenges");
        String globex = tokens.current("globex", "challenges");
        String enrolments = tokens.current("acme", "enrollments");

        assertThat(claims(globex).path("tenant").asText()).isEqualTo("globex");
        assertThat(claims(enrolments).path("scope").asText()).isEqualTo("enrollments");
        assertThat(claims(acme).path("tenant").asText()).isEqualTo("acme");
        assertThat(claims(acme).path("scope").asText()).isEqualTo("challenges");
        assertThat(signedByTheKey(acme)).isTrue();
    }

    private static JsonNode claims(String token) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
    }

    private static boolean signedByTheKey(String token) throws Exception {
        String[] parts = token.split("\\.");
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(keys.getPublic());
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return verifier.verify(Base64.getUrlDecoder().decode(parts[2]));
    }
}
