package io.tweestap.api;

import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** A path no route knows still gets a problem document rather than a bare text page. */
@ApplicationScoped
public class UnknownRoutes {

    void register(@Observes Router router) {
        router.route().last().handler(context -> {
            Problem problem = Problem.of("not-found", "Not found", 404, "No resource at this path")
                    .at(context.normalizedPath());
            context.response().setStatusCode(404)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(Json.encode(problem));
        });
    }
}
