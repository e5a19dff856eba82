package io.tweestap.sms.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vonage.client.voice.EventWebhook;
import com.vonage.client.voice.VoiceClient;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.Problem;
import io.tweestap.api.ProblemException;
import io.tweestap.sms.config.VonageSettings;
import io.tweestap.sms.service.CallEvents;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Vonage's voice event webhook: the status of each call we placed. Vonage holds no Tweestap token,
 * so this is not behind the JWT; it signs the request with an HS256 JWT in the Authorization header
 * made with the account's signature secret, whose {@code payload_hash} claim binds it to the body.
 */
@Path("/api/v1/vonage/voice-events")
@Tag(name = "Vonage callbacks")
public class VoiceEventResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    CallEvents calls;

    @Inject
    VonageSettings vonage;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Status event of a voice call (started, answered, busy, ...), posted by Vonage")
    public Uni<Response> receive(String body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (vonage.signatureSecret().isPresent() && !signed(body, authorization, vonage.signatureSecret().get())) {
            throw new ProblemException(Problem.of("invalid-signature", "Unauthorized", 401,
                    "The event is not signed with this account's signature secret"));
        }
        EventWebhook event;
        try {
            event = EventWebhook.fromJson(body);
        } catch (RuntimeException e) {
            throw new ProblemException(Problem.of("malformed-json", "Bad request", 400,
                    "The event is not a Vonage voice event"));
        }
        return calls.apply(event.getCallUuid(), event.getStatus(), event.getDetail())
                .replaceWith(Response.noContent().build());
    }

    private static boolean signed(String body, String authorization, String secret) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        String token = authorization.substring(7).trim();
        try {
            return VoiceClient.verifySignature(token, secret) && bodyMatches(token, body);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The signature alone would let anyone holding one old token post any body with it; the token's
     * {@code payload_hash} (SHA-256 of the body Vonage sent) must be this body's, when Vonage sets it.
     */
    private static boolean bodyMatches(String token, String body) {
        String[] parts = token.split("\\.");
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            JsonNode claimed = claims.get("payload_hash");
            if (claimed == null || claimed.isNull()) {
                return true;
            }
            byte[] actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((body == null ? "" : body).getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(actual,
                    claimed.asText().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return false;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
