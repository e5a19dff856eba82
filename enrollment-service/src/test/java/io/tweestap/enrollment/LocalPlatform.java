package io.tweestap.enrollment;

import io.quarkus.test.common.QuarkusTestResource;
import io.tweestap.testkit.TestPlatform;

/**
 * Every test of this module shares one application on a private Kafka broker and enrollment_test,
 * with challenge-service and sms-service stood in at their HTTP boundary.
 */
@QuarkusTestResource(TestPlatform.class)
@QuarkusTestResource(ServiceStandIns.class)
public final class LocalPlatform {

    private LocalPlatform() {
    }
}
