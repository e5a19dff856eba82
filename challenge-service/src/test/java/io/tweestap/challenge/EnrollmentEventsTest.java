package io.tweestap.challenge;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.events.TweestapEvent;
import io.tweestap.events.enrollment.EnrollmentStarted;
import io.tweestap.events.enrollment.PhoneRegistered;
import io.tweestap.events.enrollment.PhoneRemoved;
import io.tweestap.testkit.InboxConsumerContract;
import io.tweestap.testkit.OnVertx;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * challenge-service applies enrollment events once and survives poison records. Proven on the
 * verified-phone directory rather than the device keys: a removed device already stays removed
 * when its registration comes again, a removed phone would come back, and the SMS fallback would
 * text it.
 */
@QuarkusTest
class EnrollmentEventsTest extends InboxConsumerContract {

    @Override
    protected String consumer() {
        return "challenge-service";
    }

    @Override
    protected TweestapEvent freshEvent(String tenantId, String userId) {
        return new PhoneRegistered(tenantId, userId, now(), UUID.randomUUID().toString(), "+31 6 ****5678",
                UUID.randomUUID().toString());
    }

    @Override
    protected TweestapEvent eventOfNoInterest(String tenantId, String userId) {
        return new EnrollmentStarted(tenantId, userId, Instant.now().truncatedTo(ChronoUnit.MICROS),
                UUID.randomUUID().toString(), Instant.now().plusSeconds(3600));
    }

    @Override
    protected TweestapEvent undoing(TweestapEvent applied) {
        PhoneRegistered phone = (PhoneRegistered) applied;
        return new PhoneRemoved(phone.tenantId(), phone.userId(), now(), phone.phoneId(), phone.maskedNumber(), "removed-by-user",
                UUID.randomUUID().toString());
    }

    @Override
    protected boolean shows(TweestapEvent event) {
        if (event instanceof PhoneRegistered phone) {
            return phoneKnown(phone.tenantId(), phone.userId(), phone.phoneId());
        }
        PhoneRemoved removed = (PhoneRemoved) event;
        return !phoneKnown(removed.tenantId(), removed.userId(), removed.phoneId());
    }

    private static boolean phoneKnown(String tenantId, String userId, String phoneId) {
        return OnVertx.<Long>await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT count(*) FROM user_phone WHERE tenant_id = :tenant AND user_id = :user AND phone_id = :phone",
                        Long.class)
                .setParameter("tenant", tenantId)
                .setParameter("user", userId)
                .setParameter("phone", phoneId)
                .getSingleResult()))) > 0;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
