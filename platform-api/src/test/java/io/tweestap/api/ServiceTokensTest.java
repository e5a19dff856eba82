package io.tweestap.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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

    @Test
    void aTokenIsUsedAgainForTheSameCallDuringItsFirstMinuteOnly() {
        MovingClock clock = new MovingClock(Instant.parse("2026-12-05T09:00:00Z"));
        ServiceTokens tokens = tokens();
        tokens.clock = clock;

        String first = tokens.bearer("sms-service", "acme", "sms:write");
        clock.advance(Duration.ofSeconds(59));
        String again = tokens.bearer("sms-service", "acme", "sms:write");
        clock.advance(Duration.ofSeconds(1));
        String renewed = tokens.bearer("sms-service", "acme", "sms:write");

        assertThat(again).isEqualTo(first);
        assertThat(renewed).isNotEqualTo(first);
        // minted at 09:00:00 for two minutes: a reused token still has a minute to live when it is sent
        assertThat(claimsOf(first)).contains("\"iat\":" + Instant.parse("2026-12-05T09:00:00Z").getEpochSecond(),
                "\"exp\":" + Instant.parse("2026-12-05T09:02:00Z").getEpochSecond());
        assertThat(claimsOf(renewed)).contains("\"exp\":" + Instant.parse("2026-12-05T09:03:00Z").getEpochSecond());
    }

    @Test
    void anotherServiceTenantOrScopeGetsATokenOfItsOwn() {
        ServiceTokens tokens = tokens();
        String sms = tokens.bearer("sms-service", "acme", "sms:write");

        assertThat(tokens.bearer("challenge-service", "acme", "sms:write")).isNotEqualTo(sms);
        assertThat(claimsOf(tokens.bearer("sms-service", "umbrella", "sms:write"))).contains("\"tenant\":\"umbrella\"");
        assertThat(claimsOf(tokens.bearer("sms-service", "acme", "sms:read"))).contains("\"scope\":\"sms:read\"");
        assertThat(tokens.bearer("sms-service", "acme", "sms:write", "sms:read")).isNotEqualTo(sms);
        assertThat(tokens.bearer("sms-service", "acme", "sms:write")).isEqualTo(sms);
    }

    private static final class MovingClock extends Clock {
        private Instant now;

        MovingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
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
