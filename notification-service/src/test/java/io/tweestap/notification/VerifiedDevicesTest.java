package io.tweestap.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.events.enrollment.DeviceRemoved;
import io.tweestap.events.enrollment.PushChannel;
import io.tweestap.testkit.EventPublisher;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A device is registered when its key is bound and verified when its setup test push is approved
 * (DeviceVerified). Sign-in challenges go only to verified devices, on the stream and through
 * APNs / FCM; the test push goes to the registered device being set up (decision 0014).
 */
@QuarkusTest
class VerifiedDevicesTest {

    @TestHTTPResource("/")
    URI baseUri;

    @Test
    void aDeviceThatNeverPassedItsTestPushGetsNoSignInPushOnAnyChannel() throws Exception {
        String user = "unverified-" + UUID.randomUUID();
        String token = "fcm-" + UUID.randomUUID();
        Phone trusted = new Phone("acme", user).register().connect(baseUri);
        Phone untested = new Phone("acme", user).registerUnverified(new PushChannel("fcm", token)).connect(baseUri);
        try {
            ChallengeCreated toAll = Challenges.publishFor(trusted);
            ChallengeCreated naming = Challenges.publishFor(trusted, trusted.deviceId, untested.deviceId);
            trusted.awaitFrame(text -> text.contains(toAll.challengeId()));
            trusted.awaitFrame(text -> text.contains(naming.challengeId()));
            // Both challenges were turned into rows in the same inbox transactions as the trusted phone's.
            assertThat(DeviceStreamTest.pushRows(untested.deviceId)).isZero();
            assertThat(untested.count(text -> text.contains("\"type\":\"challenge\""))).isZero();
            assertThat(PushProviderStandIns.received("fcm", token)).isEmpty();
        } finally {
            trusted.disconnect();
            untested.disconnect();
        }
    }

    @Test
    void theTestPushReachesTheDeviceBeingSetUpAndOnceVerifiedItGetsSignIns() throws Exception {
        String user = "setting-up-" + UUID.randomUUID();
        String token = "fcm-" + UUID.randomUUID();
        Phone existing = new Phone("acme", user).register().connect(baseUri);
        Phone added = new Phone("acme", user).registerUnverified(new PushChannel("fcm", token)).connect(baseUri);
        try {
            ChallengeCreated test = Challenges.testPush(added);
            Challenges.publish(test);
            added.awaitFrame(text -> text.contains(test.challengeId()));
            await().atMost(Duration.ofSeconds(30)).until(() -> PushProviderStandIns.received("fcm", token).size() == 1);
            assertThat(PushProviderStandIns.received("fcm", token).get(0).get("message").get("data").get("challengeId").asText())
                    .isEqualTo(test.challengeId());

            added.verify();
            ChallengeCreated signIn = Challenges.publishFor(added);
            added.awaitFrame(text -> text.contains(signIn.challengeId()));
            existing.awaitFrame(text -> text.contains(signIn.challengeId()));
            assertThat(existing.count(text -> text.contains(test.challengeId()))).as("the test push is for the new device only").isZero();
        } finally {
            existing.disconnect();
            added.disconnect();
        }
    }

    @Test
    void aDeviceRemovedBeforeItsVerificationArrivesStaysRemovedAndUnverified() {
        String user = "removed-first-" + UUID.randomUUID();
        Phone removed = new Phone("acme", user).registerUnverified();
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new DeviceRemoved("acme", user, Instant.now().truncatedTo(ChronoUnit.MICROS), removed.deviceId,
                    "registration-reset"), UUID.randomUUID().toString(), removed.deviceId);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.FALSE.equals(removed.activeInDirectory()));
        removed.publishVerified();
        // Same user, same partition: once this later device is in the directory, the DeviceVerified before it was applied.
        Phone marker = new Phone("acme", user).registerUnverified();

        assertThat(marker.activeInDirectory()).isTrue();
        assertThat(removed.verifiedInDirectory()).isFalse();
        assertThat(removed.activeInDirectory()).isFalse();
    }

    @Test
    void onlyVerifiedDevicesAreToldOfANewDevice() {
        String user = "notice-verified-" + UUID.randomUUID();
        Phone untested = new Phone("acme", user).registerUnverified();
        Phone trusted = new Phone("acme", user).register();
        Phone added = new Phone("acme", user).registerUnverified();

        await().atMost(Duration.ofSeconds(30)).until(() -> DeviceStreamTest.pushRows(trusted.deviceId, added.deviceId) == 1);
        assertThat(DeviceStreamTest.pushRows(untested.deviceId)).isZero();
    }
}
