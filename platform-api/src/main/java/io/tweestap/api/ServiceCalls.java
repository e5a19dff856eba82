package io.tweestap.api;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * A call from this service to another Tweestap service on behalf of one tenant: a token addressed
 * to that service with only the scope the call needs ({@link ServiceTokens}), and the answer back
 * on the caller's Vert.x context ({@link BackOnContext}), where Hibernate Reactive must continue.
 * What the answer means stays with the caller; {@link ProblemAnswers} reads a refusal.
 */
@ApplicationScoped
public class ServiceCalls {

    @Inject
    ServiceTokens tokens;

    /**
     * @param audience the called service's name, e.g. {@code sms-service}
     * @param call     the REST client call, given the {@code Authorization} header's value
     */
    public Uni<Response> call(String audience, String tenantId, String scope, Function<String, Uni<Response>> call) {
        // Taken now, while we are still on the caller's context; the client may answer on another thread.
        Executor back = BackOnContext.ofCaller();
        // Deferred: a retry of the returned Uni calls again, with a fresh token.
        return Uni.createFrom().deferred(() -> call.apply(tokens.bearer(audience, tenantId, scope))).emitOn(back);
    }
}
