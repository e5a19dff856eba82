package io.tweestap.challenge.service;

import io.smallrye.mutiny.Uni;
import io.tweestap.api.ServiceCalls;
import io.tweestap.challenge.client.SmsServiceClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The SMS sign-in's conversation with sms-service: text the code, check what the person typed.
 * A send that got no answer from sms-service (the connection dropped, or the balancer answered
 * because the instance died under the request) is asked once more with the same Idempotency-Key,
 * the sign-in's id: sms-service answers a repeat with the verification the first one started and
 * sends nothing twice, so a dying instance costs neither the sign-in nor a second text (decision 0098).
 */
@ApplicationScoped
public class SignInCodes {

    /** The audience sms-service checks on the tokens minted for it (decision 0009). */
    private static final String SMS_SERVICE = "sms-service";

    static final String SMS_SCOPE = "sms:write";

    /** Long enough for the balancer to see a dead instance's port closed, short beside the sign-in page's patience. */
    private static final Duration ASK_AGAIN_AFTER = Duration.ofMillis(500);

    @Inject
    ServiceCalls calls;

    @Inject
    @RestClient
    SmsServiceClient sms;

    /** sms-service's answer to "text this sign-in's code to this phone"; a failure when it never answered, twice. */
    public Uni<Response> send(String tenantId, UUID challengeId, String phoneId, SmsServiceClient.SendCode send) {
        return send(tenantId, challengeId.toString(), phoneId, send);
    }

    /** The same, under a key of the caller's: a push's fallback sends one code per method (decision 0104). */
    public Uni<Response> send(String tenantId, String key, String phoneId, SmsServiceClient.SendCode send) {
        return calls.call(SMS_SERVICE, tenantId, SMS_SCOPE, bearer -> sms.sendCode(bearer, key, phoneId, send))
                .chain(response -> unanswered(response)
                        ? Uni.createFrom().<Response>failure(new NoAnswer(response))
                        : Uni.createFrom().item(response))
                .onFailure().retry().withBackOff(ASK_AGAIN_AFTER, ASK_AGAIN_AFTER).atMost(1)
                .onFailure(NoAnswer.class).recoverWithItem(failure -> ((NoAnswer) failure).response);
    }

    public Uni<Response> check(String tenantId, String verificationId, String code) {
        SmsServiceClient.CodeCheck check = new SmsServiceClient.CodeCheck(code);
        return calls.call(SMS_SERVICE, tenantId, SMS_SCOPE, bearer -> sms.check(bearer, verificationId, check));
    }

    /**
     * Not sms-service's own decision: a balancer's 502 or 504 (not a problem document, which is what
     * sms-service answers with), or a 503 from either, which a repeat with the same key cannot make worse.
     */
    static boolean unanswered(Response response) {
        int status = response.getStatus();
        if (status == 503) {
            return true;
        }
        MediaType type = response.getMediaType();
        boolean problem = type != null && "problem+json".equals(type.getSubtype());
        return (status == 502 || status == 504) && !problem;
    }

    /** Carries the balancer's answer through the retry, so the caller still sees it if the repeat fails the same way. */
    private static final class NoAnswer extends RuntimeException {

        private final transient Response response;

        NoAnswer(Response response) {
            super("no answer from sms-service (status " + response.getStatus() + ")", null, false, false);
            this.response = response;
        }
    }
}
