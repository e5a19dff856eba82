package io.tweestap.api;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Executor;

/**
 * The REST client may complete on a worker thread (e.g. after an error answer), but Hibernate
 * Reactive must run on the request's Vert.x context: this executor hops back onto it.
 */
public final class BackOnContext {

    private BackOnContext() {
    }

    public static Executor ofCaller() {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Runnable::run;
        }
        return task -> {
            if (Vertx.currentContext() == context) {
                task.run();
            } else {
                context.runOnContext(ignored -> task.run());
            }
        };
    }
}
