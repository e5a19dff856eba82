package io.tweestap.notification;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tweestap.api.CallerTenant;
import io.tweestap.testkit.PlatformEdgeContract;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Tokens and log lines at this service's edge. It has no bearer-token API of its own yet (devices
 * sign their stream, decision 0010), so a test-only operation stands in for the first one: it
 * proves the token settings every future operation inherits.
 */
@QuarkusTest
class PlatformEdgeTest extends PlatformEdgeContract {

    @Override
    protected String[] scopes() {
        return new String[] {Probe.SCOPE};
    }

    @Override
    protected Response send(RequestSpecification request) {
        return request.when().get(Probe.PATH);
    }

    /** A bearer-token operation that reads the caller's tenant, as platform operations do. */
    @Path(Probe.PATH)
    public static class Probe {

        static final String PATH = "/api/v1/test-only/edge-probe";
        static final String SCOPE = "notification:read";

        @Inject
        CallerTenant tenant;

        @GET
        @RolesAllowed(SCOPE)
        @Produces(MediaType.TEXT_PLAIN)
        @Operation(hidden = true) // a test's probe is no part of the service's documented API
        public String tenant() {
            return tenant.id();
        }
    }
}
