package io.tweestap.sms;

import io.quarkus.test.common.QuarkusTestResource;
import io.tweestap.testkit.TestPlatform;

/**
 * Every test of this module shares one application on a private Kafka broker, sms_test and an
 * in-process Vonage sandbox.
 */
@QuarkusTestResource(TestPlatform.class)
@QuarkusTestResource(VonageSandboxResource.class)
public final class LocalPlatform {

    private LocalPlatform() {
    }
}
