package io.tweestap.sms.vonage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vonage.client.auth.RequestSigning;
import com.vonage.client.voice.VoiceClient;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.tweestap.sms.config.VonageSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Whether a callback really comes from Vonage: SMS delivery receipts carry {@code timestamp} and
 * {@code sig} (the account's signature secret), voice events an HS256 JWT made with that secret whose
 * {@code payload_hash} binds it to the body. Without a secret nothing is accepted; outside the dev
 * and test profiles the service does not start without one. A signature older than
 * {@link #MAX_AGE} (or more than {@link #MAX_SKEW} ahead of our clock) is refused, so a captured
 * callback cannot be replayed later. Decision 0026.
 */
@ApplicationScoped
public class CallbackSignatures {

    /** How old a signed callback may be: Vonage posts at once, and its own SDK allows the same. */
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    /** How far ahead of our clock Vonage's may be. */
    static final Duration MAX_SKEW = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(CallbackSignatures.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    VonageSettings vonage;

    /**
     * Real time, not the application clock that tests move forward: this compares Vonage's clock
     * with ours, and only the real one is shared by both.
     */
    private final Clock clock = Clock.systemUTC();

    void checkSecret(@Observes StartupEvent start) {
        Optional<String> problem = startProblem(ConfigUtils.getProfiles(), vonage.signatureSecret());
        if (problem.isPresent()) {
            throw new IllegalStateException(problem.get());
        }
        if (secret().isEmpty()) {
            LOG.warn("tweestap.vonage.signature-secret is not set: every Vonage delivery receipt and voice event is refused");
        }
    }

    /** Why the service must not start with these profiles and this secret; empty when it may. */
    static Optional<String> startProblem(List<String> profiles, Optional<String> secret) {
        boolean local = profiles.contains("dev") || profiles.contains("test");
        if (local) {
            return Optional.empty();
        }
        if (secret.filter(s -> s.contains("dev-only-") || s.contains("test-only-")).isPresent()) {
            return Optional.of("tweestap.vonage.signature-secret is the throwaway secret of the dev or test profile: "
                    + "set the signature secret of the Vonage account (decision 0026).");
        }
        if (secret.filter(s -> !s.isBlank()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("tweestap.vonage.signature-secret (TWEESTAP_VONAGE_SIGNATURE_SECRET) is not set: without "
                + "it Vonage's delivery receipts and voice events cannot be told from forgeries. Set the signature "
                + "secret of the Vonage account (decision 0026).");
    }

    /** An SMS delivery receipt, JSON or form, with its query and body parameters. */
    public boolean receiptSigned(String body, String contentType, Map<String, String[]> parameters) {
        Optional<String> secret = secret();
        if (secret.isEmpty() || !fresh(first(parameters, "timestamp"))) {
            return false;
        }
        return RequestSigning.verifyRequestSignature(new ByteArrayInputStream(
                (body == null ? "" : body).getBytes(StandardCharsets.UTF_8)), contentType, parameters, secret.get());
    }

    /** A voice event: {@code Authorization: Bearer <JWT>}, verified, fresh and made for exactly this body. */
    public boolean eventSigned(String body, String authorization) {
        Optional<String> secret = secret();
        if (secret.isEmpty() || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        String token = authorization.substring(7).trim();
        try {
            if (!VoiceClient.verifySignature(token, secret.get())) {
                return false;
            }
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
            JsonNode issuedAt = claims.get("iat");
            return issuedAt != null && issuedAt.canConvertToLong() && fresh(Long.toString(issuedAt.asLong()))
                    && bodyMatches(claims.get("payload_hash"), body);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Epoch seconds within {@link #MAX_AGE} before and {@link #MAX_SKEW} after our clock. */
    private boolean fresh(String epochSeconds) {
        if (epochSeconds == null || !epochSeconds.matches("\\d{1,12}")) {
            return false;
        }
        Instant signedAt = Instant.ofEpochSecond(Long.parseLong(epochSeconds));
        Instant now = clock.instant();
        return !signedAt.isBefore(now.minus(MAX_AGE)) && !signedAt.isAfter(now.plus(MAX_SKEW));
    }

    /**
     * The signature alone would let anyone holding one captured token post any body with it: the
     * token's {@code payload_hash} (SHA-256 of the body Vonage sent, hex) must be there and be this body's.
     */
    private static boolean bodyMatches(JsonNode claimed, String body) {
        if (claimed == null || !claimed.isTextual()) {
            return false;
        }
        try {
            byte[] actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((body == null ? "" : body).getBytes(StandardCharsets.UTF_8)))
                    .getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(actual,
                    claimed.asText().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<String> secret() {
        return vonage.signatureSecret().filter(s -> !s.isBlank());
    }

    private static String first(Map<String, String[]> parameters, String name) {
        String[] values = parameters.get(name);
        return values == null || values.length == 0 ? null : values[0];
    }
}
