package io.tweestap.events;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.function.Supplier;

/**
 * Runs Hibernate Reactive work that starts outside a request — a Kafka record, a scheduler's thread,
 * a LISTEN callback, a provider's answer — on a fresh, safe duplicated Vert.x context. Hibernate
 * Reactive keeps its session on the context, so without this two such runs could share a session,
 * and off an event loop there would be none at all.
 */
@ApplicationScoped
public class OwnContext {

    @Inject
    Vertx vertx;

    public <T> Uni<T> run(Supplier<Uni<? extends T>> work) {
        return Uni.createFrom().deferred(() -> {
            Context context = VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            return Uni.createFrom().<T>emitter(emitter -> context.runOnContext(ignored ->
                    Uni.createFrom().<T>deferred(work).subscribe().with(emitter::complete, emitter::fail)));
        });
    }
}
