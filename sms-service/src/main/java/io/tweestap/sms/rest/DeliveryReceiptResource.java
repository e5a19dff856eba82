package io.tweestap.sms.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.Problem;
import io.tweestap.api.ProblemException;
import io.tweestap.sms.service.DeliveryReceipts;
import io.tweestap.sms.service.DeliveryReceipts.Receipt;
import io.tweestap.sms.vonage.CallbackSignatures;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Vonage's SMS delivery-receipt callback. Vonage holds no Tweestap token, so this endpoint is not
 * behind the JWT; only receipts Vonage signed, moments ago, are applied ({@link CallbackSignatures}).
 */
@Path("/api/v1/vonage/delivery-receipts")
@Tag(name = "Vonage callbacks", description = "Posted by Vonage, signed with the account's signature secret instead of a bearer token")
public class DeliveryReceiptResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DeliveryReceipts receipts;

    @Inject
    CallbackSignatures signatures;

    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.APPLICATION_FORM_URLENCODED})
    @Operation(operationId = "receiveDeliveryReceipt", summary = "Delivery receipt (DLR) of an SMS, posted by Vonage",
            description = "No bearer token: only receipts signed with the account's signature secret, moments ago, apply.")
    @APIResponse(responseCode = "204", description = "Applied (an unknown message is ignored)")
    @APIResponse(responseCode = "400", description = "The receipt is not valid JSON")
    @APIResponse(responseCode = "401", description = "Not signed with the signature secret, or not moments ago")
    public Uni<Response> receive(String body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, UriInfo uri) {
        Map<String, String[]> parameters = parameters(body, contentType, uri);
        if (!signatures.receiptSigned(body, contentType, parameters)) {
            throw new ProblemException(Problem.of("invalid-signature", "Unauthorized", 401,
                    "The receipt is not signed with this account's signature secret, or not moments ago"));
        }
        Receipt receipt = new Receipt(first(parameters, "messageId"), first(parameters, "client-ref"),
                first(parameters, "status"), first(parameters, "err-code"));
        return receipts.apply(receipt).replaceWith(Response.noContent().build());
    }

    private static Map<String, String[]> parameters(String body, String contentType, UriInfo uri) {
        Map<String, String[]> parameters = new HashMap<>();
        uri.getQueryParameters().forEach((name, values) -> parameters.put(name, values.toArray(String[]::new)));
        if (contentType != null && contentType.startsWith(MediaType.APPLICATION_JSON)) {
            try {
                Map<?, ?> fields = JSON.readValue(body, Map.class);
                fields.forEach((name, value) -> parameters.put(String.valueOf(name),
                        new String[] {value == null ? null : String.valueOf(value)}));
            } catch (JsonProcessingException e) {
                throw new ProblemException(Problem.of("malformed-json", "Bad request", 400,
                        "The receipt is not valid JSON"));
            }
        } else if (body != null && !body.isBlank()) {
            for (String pair : body.split("&")) {
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                parameters.put(name, new String[] {value});
            }
        }
        return parameters;
    }

    private static String first(Map<String, String[]> parameters, String name) {
        String[] values = parameters.get(name);
        return values == null || values.length == 0 ? null : values[0];
    }
}
