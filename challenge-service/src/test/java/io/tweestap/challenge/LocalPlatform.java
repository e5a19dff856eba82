package io.tweestap.challenge;

import io.quarkus.test.common.QuarkusTestResource;
import io.tweestap.testkit.TestPlatform;

/** Every test of this module shares one application on a private Kafka broker and challenge_test. */
@QuarkusTestResource(TestPlatform.class)
@QuarkusTestResource(SmsServiceStandIn.class)
public final class LocalPlatform {

    private LocalPlatform() {
    }
}
