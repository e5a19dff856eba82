package io.tweestap.notification;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.devicekeys.DeviceKeyPair;
import io.tweestap.events.TweestapEvent;
import io.tweestap.events.enrollment.DeviceRegistered;
import io.tweestap.events.enrollment.EnrollmentStarted;
import io.tweestap.events.enrollment.DeviceRemoved;
import io.tweestap.testkit.InboxConsumerContract;
import io.tweestap.testkit.OnVertx;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * notification-service applies enrollment events to its device directory once and survives poison
 * records. A DeviceRegistered applied again would make a removed device active, and pushable, again.
 */
@QuarkusTest
class EnrollmentEventsTest extends InboxConsumerContract {

    @Override
    protected String consumer() {
        return "notification-service";
    }

    @Override
    protected TweestapEvent freshEvent(String tenantId, String userId) {
        return new DeviceRegistered(tenantId, userId, now(), UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                "Test phone", "android", DeviceKeyPair.generate().publicKeyBase64(), List.of());
    }

    @Override
    protected TweestapEvent eventOfNoInterest(String tenantId, String userId) {
        return new EnrollmentStarted(tenantId, userId, Instant.now().truncatedTo(ChronoUnit.MICROS),
                UUID.randomUUID().toString(), Instant.now().plusSeconds(3600));
    }

    @Override
    protected TweestapEvent undoing(TweestapEvent applied) {
        DeviceRegistered device = (DeviceRegistered) applied;
        return new DeviceRemoved(device.tenantId(), device.userId(), now(), device.deviceId(), "removed-by-user");
    }

    @Override
    protected boolean shows(TweestapEvent event) {
        if (event instanceof DeviceRegistered registered) {
            return Boolean.TRUE.equals(active(registered.deviceId()));
        }
        return Boolean.FALSE.equals(active(((DeviceRemoved) event).deviceId()));
    }

    /** Null while the directory does not know the device. */
    private static Boolean active(String deviceId) {
        return OnVertx.<Boolean>await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT bool_or(active) FROM device WHERE device_id = :device", Boolean.class)
                .setParameter("device", deviceId)
                .getSingleResult())));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
