package io.tweestap.enrollment;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tweestap.testkit.PlatformEdgeContract;

/** Tokens and log lines at this service's edge, through the registration policy a platform reads. */
@QuarkusTest
class PlatformEdgeTest extends PlatformEdgeContract {

    @Override
    protected String[] scopes() {
        return new String[] {"enrollment:read"};
    }

    @Override
    protected Response send(RequestSpecification request) {
        return request.when().get("/api/v1/registration-policy");
    }
}
