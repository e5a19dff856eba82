package io.tweestap.enrollment.wizard;

import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.domain.SecretToken;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Supplier;

/**
 * The CSRF token of the wizard's and the methods page's forms: derived from the session secret in
 * the browser's cookie, so a cross-site post, which cannot read the cookie, cannot know it.
 */
final class FormToken {

    private FormToken() {
    }

    static String of(String sessionToken) {
        return SecretToken.hashOf("tweestap-csrf-v1:" + sessionToken);
    }

    /** Runs the step when the form carries the session's token; answers 403 otherwise. */
    static Uni<Response> checked(String expected, String presented, Supplier<Uni<Response>> step) {
        if (presented == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8))) {
            return Uni.createFrom().item(Response.status(Response.Status.FORBIDDEN)
                    .type(MediaType.TEXT_PLAIN_TYPE).entity("Forbidden").build());
        }
        return step.get();
    }
}
