package io.tweestap.notification;

import io.quarkus.test.common.QuarkusTestResource;
import io.tweestap.testkit.TestPlatform;

/**
 * Every test of this module shares one application on a private Kafka broker and
 * notification_test, with APNs and FCM stand-ins at the network boundary.
 */
@QuarkusTestResource(TestPlatform.class)
@QuarkusTestResource(PushProviderStandIns.class)
public final class LocalPlatform {

    private LocalPlatform() {
    }
}
