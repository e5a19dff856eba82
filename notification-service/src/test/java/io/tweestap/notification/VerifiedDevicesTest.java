package io.tweestap.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.events.enrollment.DeviceRegistered;
import io.tweestap.events.enrollment.DeviceRemoved;
import io.tweestap.events.enrollment.PushChannel;
import io.tweestap.testkit.EventPublisher;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A device is registered when its key is bound and verified when its setup test push is approved
 * (DeviceVerified). A challenge that names devices goes to those that are active devices of its user
 * (challenge-service names only verified ones for a sign-in, even when their DeviceVerified has not
 * reached this service yet); one that names none goes to the verified ones; a removed device gets
 * nothing and is never brought back by a repeated registration (decision 0014).
 */
@QuarkusTest
class VerifiedDevicesTest {

    @TestHTTPResource("/")
    URI baseUri;

    @Test
    void aDeviceThatNeverPassedItsTestPushGetsNoSignInPushThatNamesNoDevice() throws Exception {
        String user = "unverified-" + UUID.randomUUID();
        String token = "fcm-" + UUID.randomUUID();
        Phone trusted = new Phone("acme", user).register().connect(baseUri);
        Phone untested = new Phone("acme", user).registerUnverified(new PushChannel("fcm", token)).connect(baseUri);
        try {
            ChallengeCreated toAll = Challenges.publishFor(trusted);
            trusted.awaitFrame(text -> text.contains(toAll.challengeId()));
            // The challenge was turned into rows in the same inbox transaction as the trusted phone's.
            assertThat(DeviceStreamTest.pushRows(untested.deviceId)).isZero();
            assertThat(untested.count(text -> text.contains("\"type\":\"challenge\""))).isZero();
            assertThat(PushProviderStandIns.received("fcm", token)).isEmpty();
        } finally {
            trusted.disconnect();
            untested.disconnect();
        }
    }

    @Test
    void aSignInNamingADeviceWhoseVerificationHasNotArrivedYetIsStillDelivered() throws Exception {
        // challenge-service names only devices it knows verified (decision 0047); here the DeviceVerified
        // is still behind on the enrollment topic, as with consumer lag or a held record.
        String user = "lagging-" + UUID.randomUUID();
        String token = "fcm-" + UUID.randomUUID();
        Phone lagging = new Phone("acme", user).registerUnverified(new PushChannel("fcm", token)).connect(baseUri);
        try {
            ChallengeCreated signIn = Challenges.publishFor(lagging, lagging.deviceId);
            lagging.awaitFrame(text -> text.contains(signIn.challengeId()));
            await().atMost(Duration.ofSeconds(30)).until(() -> PushProviderStandIns.received("fcm", token).size() == 1);
            assertThat(lagging.verifiedInDirectory()).as("delivered before its DeviceVerified was applied").isFalse();
        } finally {
            lagging.disconnect();
        }
    }

    @Test
    void aSignInNamingARemovedDeviceOrAnotherUsersDeviceDoesNotReachIt() throws Exception {
        String user = "named-removed-" + UUID.randomUUID();
        String token = "fcm-" + UUID.randomUUID();
        Phone trusted = new Phone("acme", user).register().connect(baseUri);
        Phone removed = new Phone("acme", user).register(new PushChannel("fcm", token));
        Phone strangers = new Phone("acme", "stranger-" + UUID.randomUUID()).register();
        remove(removed);
        try {
            ChallengeCreated signIn = Challenges.publishFor(trusted, trusted.deviceId, removed.deviceId, strangers.deviceId);
            trusted.awaitFrame(text -> text.contains(signIn.challengeId()));
            assertThat(DeviceStreamTest.pushRows(removed.deviceId, signIn.challengeId())).isZero();
            assertThat(DeviceStreamTest.pushRows(strangers.deviceId, signIn.challengeId())).isZero();
            assertThat(PushProviderStandIns.received("fcm", token)).isEmpty();
        } finally {
            trusted.disconnect();
        }
    }

    @Test
    void aRemovedDeviceIsNotBroughtBackByItsRegistrationUnderANewEventId() throws Exception {
        // The inbox forgot the first event id (past its retention), or a dead letter is replayed: the
        // same DeviceRegistered comes again under an id the inbox has not seen.
        String user = "re-registered-" + UUID.randomUUID();
        String token = "fcm-" + UUID.randomUUID();
        Phone removed = new Phone("acme", user);
        DeviceRegistered registration = new DeviceRegistered("acme", user, Instant.now().truncatedTo(ChronoUnit.MICROS),
                removed.deviceId, UUID.randomUUID().toString(), "Test phone", "android", removed.keys.publicKeyBase64(),
                List.of(new PushChannel("fcm", token)));
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(registration, UUID.randomUUID().toString(), removed.deviceId);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(removed.activeInDirectory()));
        removed.verify();
        remove(removed);
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(registration, UUID.randomUUID().toString(), removed.deviceId);
        }
        // Same user, same partition: once this later device is in the directory, the repeat before it was applied.
        Phone trusted = new Phone("acme", user).register().connect(baseUri);
        try {
            assertThat(removed.activeInDirectory()).isFalse();
            assertThat(removed.activeChannels()).isEmpty();
            ChallengeCreated signIn = Challenges.publishFor(trusted, trusted.deviceId, removed.deviceId);
            trusted.awaitFrame(text -> text.contains(signIn.challengeId()));
            assertThat(DeviceStreamTest.pushRows(removed.deviceId, signIn.challengeId())).isZero();
            assertThat(PushProviderStandIns.received("fcm", token)).isEmpty();
        } finally {
            trusted.disconnect();
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

    private static void remove(Phone phone) {
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new DeviceRemoved(phone.tenantId, phone.userId, Instant.now().truncatedTo(ChronoUnit.MICROS),
                    phone.deviceId, "user-removed"), UUID.randomUUID().toString(), phone.deviceId);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.FALSE.equals(phone.activeInDirectory()));
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
