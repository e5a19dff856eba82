package io.tweestap.testkit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.enterprise.inject.spi.CDI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.jboss.logmanager.handlers.FileHandler;
import org.junit.jupiter.api.Test;

/**
 * What every service owes at its edge (decisions 0009 and 0016, OWASP ASVS 5 V9): a bearer token
 * is accepted only when signed with a trusted key, by the configured issuer, addressed to the
 * platform or to this service, unexpired beyond {@value #ALLOWED_SKEW_SECONDS} s of clock skew,
 * with a string tenant; every refusal is a 401 problem document. And no text from outside can
 * break one of its log lines in two.
 *
 * <p>A service's test extends this naming one operation a platform may call, the scopes it needs
 * and how to send it; the operation must read the caller's tenant.
 */
public abstract class PlatformEdgeContract {

    /** The most a token may be past its {@code exp} and still be accepted ({@code mp.jwt.verify.clock.skew}). */
    protected static final int ALLOWED_SKEW_SECONDS = 30;

    /** The scopes the operation needs. */
    protected abstract String[] scopes();

    /** Sends the operation with the given request, which already carries the token. */
    protected abstract Response send(RequestSpecification request);

    @Test
    public void aPlatformTokenIsAccepted() {
        assertAccepted(TestTokens.forTenant("acme", scopes()));
    }

    @Test
    public void aTokenAddressedToThisServiceIsAccepted() {
        assertAccepted(TestTokens.sign(TestTokens.claims("acme", scopes()).audience(serviceName())));
    }

    @Test
    public void aTokenForAnotherServiceIsRefused() {
        assertRefused(TestTokens.sign(TestTokens.claims("acme", scopes()).audience("another-service")));
    }

    @Test
    public void aTokenWithoutAudienceIsRefused() {
        assertRefused(TestTokens.sign(Jwt.issuer(TestTokens.ISSUER).subject("platform-test")
                .claim("tenant", "acme").claim("scope", String.join(" ", scopes())).expiresIn(600)));
    }

    @Test
    public void anUnsignedTokenIsRefused() {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"none\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"" + TestTokens.PLATFORM_AUDIENCE
                + "\",\"sub\":\"platform-test\",\"tenant\":\"acme\",\"scope\":\"" + String.join(" ", scopes())
                + "\",\"iat\":" + now + ",\"exp\":" + (now + 600) + "}";
        assertRefused(base64Url(header) + "." + base64Url(claims) + ".");
    }

    @Test
    public void aTokenSignedWithAnotherKeyIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        PrivateKey strangersKey = generator.generateKeyPair().getPrivate();
        assertRefused(TestTokens.claims("acme", scopes()).sign(strangersKey));
    }

    @Test
    public void aTokenFromAnotherIssuerIsRefused() {
        JwtClaimsBuilder claims = TestTokens.claims("acme", scopes()).issuer("https://login.attacker.example");
        assertRefused(TestTokens.sign(claims));
    }

    @Test
    public void aTokenExpiredLongerAgoThanTheAllowedSkewIsRefused() {
        long now = Instant.now().getEpochSecond();
        assertRefused(TestTokens.sign(TestTokens.claims("acme", scopes())
                .issuedAt(now - 600).expiresAt(now - ALLOWED_SKEW_SECONDS - 1)));
    }

    /**
     * A token that passed the full check is remembered by its text (decision 0125): asked again, the
     * service's parser answers with the claims it verified the first time instead of checking anew.
     */
    @Test
    public void aVerifiedTokenIsNotCheckedAgainOnItsNextRequest() throws Exception {
        String token = TestTokens.forTenant("acme", scopes());
        JWTParser parser = CDI.current().select(JWTParser.class).get();

        JsonWebToken first = parser.parse(token);

        assertThat(parser.parse(token)).isSameAs(first);
        assertThat(first.getClaim("tenant").toString()).contains("acme");
    }

    /** Remembering a token never stretches its life: past its expiry and the skew it is refused. */
    @Test
    public void aTokenAcceptedWithinTheSkewIsRefusedOnceTheSkewIsOver() throws InterruptedException {
        long expiry = Instant.now().getEpochSecond() - ALLOWED_SKEW_SECONDS + 4;
        String token = TestTokens.sign(TestTokens.claims("acme", scopes()).issuedAt(expiry - 600).expiresAt(expiry));
        assertAccepted(token);

        long refusedFrom = (expiry + ALLOWED_SKEW_SECONDS + 1) * 1000;
        Thread.sleep(Math.max(0, refusedFrom - System.currentTimeMillis()) + 200);

        assertRefused(token);
    }

    @Test
    public void aNumericTenantIsAnInvalidToken() {
        assertRefused(TestTokens.sign(TestTokens.claims("acme", scopes()).claim("tenant", 42)));
    }

    @Test
    public void textFromOutsideStaysOnOneLogLine() {
        List<Handler> writers = writers(LogContext.getLogContext().getLogger("").getHandlers(), new ArrayList<>());
        assertThat(writers).as("the console handler").anyMatch(ConsoleHandler.class::isInstance);
        for (Handler writer : writers) {
            ExtLogRecord record = new ExtLogRecord(Level.WARNING, "Refused user %s", ExtLogRecord.FormatStyle.PRINTF,
                    PlatformEdgeContract.class.getName());
            record.setLoggerName("io.tweestap.contract");
            record.setParameters(new Object[] {"anna@acme.example\r\n12:00:00.000 INFO  [i.t.forged] approved"});
            assertThat(writer.isLoggable(record)).as(writer + " writes warnings").isTrue();
            String written = writer.getFormatter().format(record);
            assertThat(written.lines()).as(writer + " wrote: " + written).hasSize(1);
            assertThat(written).contains("anna@acme.example\\r\\n12:00:00.000 INFO");
        }
    }

    private void assertAccepted(String token) {
        Response response = send(given().auth().oauth2(token));
        assertThat(response.statusCode()).as(response.asString()).isNotIn(401, 403, 500);
    }

    private void assertRefused(String token) {
        Response response = send(given().auth().oauth2(token));
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getInt("status")).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    private static String serviceName() {
        return ConfigProvider.getConfig().getValue("quarkus.application.name", String.class);
    }

    /** The handlers that write lines (console, file), wherever Quarkus nested them. */
    private static List<Handler> writers(Handler[] handlers, List<Handler> found) {
        for (Handler handler : handlers) {
            if (handler instanceof ConsoleHandler || handler instanceof FileHandler) {
                found.add(handler);
            } else if (handler instanceof ExtHandler nesting) {
                writers(nesting.getHandlers(), found);
            }
        }
        return found;
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
