package io.tweestap.sms;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tweestap.testkit.PlatformEdgeContract;
import java.util.UUID;

/**
 * Tokens and log lines at this service's edge, through a resend of a verification that does not
 * exist: accepted tokens get 404 and nothing is sent.
 */
@QuarkusTest
class PlatformEdgeTest extends PlatformEdgeContract {

    @Override
    protected String[] scopes() {
        return new String[] {SmsApi.SCOPE};
    }

    @Override
    protected Response send(RequestSpecification request) {
        return request.when().post("/api/v1/phone-verifications/{id}/resend", UUID.randomUUID());
    }
}
