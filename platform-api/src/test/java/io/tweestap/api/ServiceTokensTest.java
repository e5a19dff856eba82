package io.tweestap.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServiceTokensTest {

    @BeforeAll
    static void signingKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----";
        System.setProperty("smallrye.jwt.sign.key", pem);
    }

    @Test
    void aTokenIsAddressedToTheCalledServiceAndCarriesOnlyTheGivenScopesAndTenant() {
        String claims = claimsOf(tokens().bearer("sms-service", "acme", "sms:write"));

        assertThat(claims).contains("\"aud\":\"sms-service\"", "\"sub\":\"challenge-service\"", "\"tenant\":\"acme\"",
                "\"scope\":\"sms:write\"", "\"iss\":\"https://tweestap.local/dev\"");
    }

    @Test
    void aTokenWithoutAudienceOrScopeIsNeverMinted() {
        assertThatThrownBy(() -> tokens().bearer(" ", "acme", "sms:write")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tokens().bearer("sms-service", "acme")).isInstanceOf(IllegalArgumentException.class);
    }

    private static ServiceTokens tokens() {
        ServiceTokens tokens = new ServiceTokens();
        tokens.issuer = "https://tweestap.local/dev";
        tokens.caller = "challenge-service";
        return tokens;
    }

    private static String claimsOf(String bearer) {
        assertThat(bearer).startsWith("Bearer ");
        String payload = bearer.substring("Bearer ".length()).split("\\.")[1];
        return new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
    }
}
