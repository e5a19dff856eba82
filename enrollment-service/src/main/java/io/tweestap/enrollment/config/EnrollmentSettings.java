package io.tweestap.enrollment.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Settings of the enrollment domain; every lifetime here is a security decision (docs/decisions/003x). */
@ConfigMapping(prefix = "tweestap.enrollment")
public interface EnrollmentSettings {

    /** Where users' browsers and authenticators reach this service, e.g. {@code https://mfa.example.org}. */
    URI publicUrl();

    /** How long an enrollment link may wait before it is opened. */
    @WithDefault("15M")
    Duration linkLifetime();

    /** How long one wizard session lasts once the link is opened. */
    @WithDefault("1H")
    Duration sessionLifetime();

    @WithDefault("10M")
    Duration activationCodeLifetime();

    /** Cookies get {@code Secure} unless the public URL is plain http (local development and tests). */
    Optional<Boolean> secureCookies();

    PolicyDefaults policyDefaults();

    Purge purge();

    Endpoints endpoints();

    /** The registration policy of a tenant that never set its own. */
    interface PolicyDefaults {
        @WithDefault("14")
        int snoozeDays();

        @WithDefault("3")
        int maxSnoozes();

        @WithDefault("true")
        boolean requireDevice();

        @WithDefault("true")
        boolean requirePhone();
    }

    /** Deleting expired wizard sessions, links and activation codes (decision 0036), old enrollments and pending phones (0071). */
    interface Purge {
        /** How often the purge runs; read by the scheduler as {@code tweestap.enrollment.purge.every}. */
        @WithDefault("15m")
        String every();

        /** How long after expiry a row is kept, so the wizard can still say "expired" rather than "unknown". */
        @WithDefault("24H")
        Duration grace();

        /**
         * How long an enrollment is kept after its last change (started, or completed/reset) once no
         * link or session of it is live; {@code GET /enrollments/{id}} answers 404 after that (decision 0071).
         */
        @WithDefault("P90D")
        Duration enrollmentsAfter();

        /** How long a phone verification the person never finished is kept (decision 0071). */
        @WithDefault("24H")
        Duration pendingPhonesAfter();

        /** How long a device whose test push was never approved is kept; then it is removed with DeviceRemoved (0071). */
        @WithDefault("P7D")
        Duration unverifiedDevicesAfter();

        /** Rows one delete removes; each batch is its own transaction, so no run holds many locks for long. */
        @WithDefault("500")
        int batchSize();
    }

    /** What an activated authenticator is told to talk to next. */
    interface Endpoints {
        URI challengeService();

        URI notificationService();
    }
}
