package io.tweestap.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.sms.service.SendRetention;
import io.tweestap.testkit.OnVertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Sends, verifications and unverified phones older than their retention are deleted, in batches. */
@QuarkusTest
class SendRetentionTest {

    @Inject
    SendRetention retention;

    @Test
    void oldSendsVerificationsAndUnverifiedPhonesGoTheRestStays() {
        // A verification of today, through the API.
        String number = TestNumbers.dutchMobile();
        String young = SmsApi.start("acme", "vers@acme.example", number, "SMS", "en")
                .then().statusCode(201).extract().path("verificationId");
        // An unverified phone with a verification and 1 200 sends of 31 days ago (more than two batches),
        // and a verified phone of that age, which is the user's and stays.
        UUID oldPhone = UUID.randomUUID();
        UUID oldVerification = UUID.randomUUID();
        UUID verifiedPhone = UUID.randomUUID();
        String tag = "oud-" + UUID.randomUUID() + "@acme.example";
        execute("INSERT INTO phone (id, tenant_id, user_id, e164, region_code, masked_number, created_at, verified_at) "
                + "VALUES ('" + oldPhone + "', 'acme', '" + tag + "', '+31600000001', 'NL', '+31 6 ****0001', "
                + "now() - interval '31 days', NULL), ('" + verifiedPhone + "', 'acme', '" + tag + "', '+31600000002', "
                + "'NL', '+31 6 ****0002', now() - interval '31 days', now() - interval '31 days')");
        execute("INSERT INTO phone_verification (id, tenant_id, user_id, phone_id, channel, language, purpose, status, "
                + "code_hmac, checks_made, expires_at, created_at) VALUES ('" + oldVerification + "', 'acme', '" + tag
                + "', '" + oldPhone + "', 'SMS', 'EN', 'ENROLLMENT', 'PENDING', '\\x00', 0, "
                + "now() - interval '31 days', now() - interval '31 days')");
        execute("INSERT INTO code_send (id, tenant_id, user_id, verification_id, e164, number_prefix, region_code, "
                + "masked_number, channel, sent_at, status) SELECT gen_random_uuid(), 'acme', '" + tag + "', '"
                + oldVerification + "', '+31600000001', '31600000', 'NL', '+31 6 ****0001', 'SMS', "
                + "now() - interval '31 days' - n * interval '1 second', 'DELIVERED' FROM generate_series(1, 1200) n");

        OnVertx.await(() -> retention.purge());

        // The rows left, not the count this call returned: the scheduled purge in this application may
        // take some, and a batch of it still in flight (rows skipped here) commits at once.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(count("SELECT count(*) FROM code_send WHERE user_id = '" + tag + "'")).isZero());
        assertThat(count("SELECT count(*) FROM phone_verification WHERE id = '" + oldVerification + "'")).isZero();
        assertThat(count("SELECT count(*) FROM phone WHERE id = '" + oldPhone + "'")).isZero();
        assertThat(count("SELECT count(*) FROM phone WHERE id = '" + verifiedPhone + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM code_send WHERE verification_id = '" + young + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM phone_verification WHERE id = '" + young + "'")).isEqualTo(1);
        // Run again (as another instance would): nothing more to do, nothing fails.
        assertThat(count("SELECT count(*) FROM code_send WHERE sent_at < now() - interval '30 days'")).isZero();
        OnVertx.await(() -> retention.purge());
    }

    private static void execute(String sql) {
        OnVertx.await(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(sql).executeUpdate())));
    }

    private static long count(String sql) {
        return OnVertx.await(() -> Panache.withSession(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(sql, Long.class).getSingleResult())));
    }
}
