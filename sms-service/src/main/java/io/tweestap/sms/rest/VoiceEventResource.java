package io.tweestap.sms.rest;

import com.vonage.client.voice.EventWebhook;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.Problem;
import io.tweestap.api.ProblemException;
import io.tweestap.sms.service.CallEvents;
import io.tweestap.sms.vonage.CallbackSignatures;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Vonage's voice event webhook: the status of each call we placed. Vonage holds no Tweestap token,
 * so this is not behind the JWT; it signs the request with an HS256 JWT in the Authorization header
 * made with the account's signature secret, whose {@code payload_hash} claim binds it to the body
 * ({@link CallbackSignatures}). The body is never logged: it is Vonage's text, full numbers included.
 */
@Path("/api/v1/vonage/voice-events")
@Tag(name = "Vonage callbacks", description = "Posted by Vonage, signed with the account's signature secret instead of a bearer token")
public class VoiceEventResource {

    @Inject
    CallEvents calls;

    @Inject
    CallbackSignatures signatures;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "receiveVoiceEvent", summary = "Status event of a voice call (started, answered, busy, ...), posted by Vonage",
            description = "No bearer token: the Authorization header carries Vonage's JWT, signed with the account's signature"
                    + " secret and bound to the body.")
    @APIResponse(responseCode = "204", description = "Applied (an unknown call is ignored)")
    @APIResponse(responseCode = "400", description = "The body is not a Vonage voice event")
    @APIResponse(responseCode = "401", description = "Not signed with the signature secret, bound to this body, moments ago")
    public Uni<Response> receive(String body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!signatures.eventSigned(body, authorization)) {
            throw new ProblemException(Problem.of("invalid-signature", "Unauthorized", 401,
                    "The event is not signed with this account's signature secret, or not moments ago"));
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
}
