package io.tweestap.enrollment.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
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

    /** How long the user's own methods page stays open once its link is opened (decision 0090). */
    @WithDefault("15M")
    Duration methodsPageLifetime();

    @WithDefault("10M")
    Duration activationCodeLifetime();

    /** Cookies get {@code Secure} unless the public URL is plain http (local development and tests). */
    Optional<Boolean> secureCookies();

    PolicyDefaults policyDefaults();

    Purge purge();

    Endpoints endpoints();

    NativeApps nativeApps();

    AccessPasses accessPasses();

    Moves moves();

    /** Moving to a new phone with the old one at hand (decision 0094). */
    interface Moves {
        /** How long a move may wait for the new phone to activate and the old device to approve; then it is abandoned. */
        @WithDefault("10M")
        Duration timeout();

        /** How often every instance looks for overdue moves; read by the scheduler as {@code tweestap.enrollment.moves.sweep-every}. */
        @WithDefault("30s")
        String sweepEvery();
    }

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

    /**
     * Store pages of a native Tweestap Authenticator, for a deployment that publishes one. The wizard's
     * "get the app" step names them beside the web app only when set; https only.
     */
    interface NativeApps {
        Optional<URI> appStore();

        Optional<URI> googlePlay();
    }

    /** What an activated authenticator is told to talk to next. */
    interface Endpoints {
        URI challengeService();

        URI notificationService();
    }

    /**
     * Temporary access passes (decision 0083): the lifetimes an administrator may choose, whether a
     * pass may be redeemed more than once, and how many wrong passes lock a user's redemptions.
     * {@code tenants.<tenant>.*} overrides the lifetimes and reuse for one tenant.
     */
    interface AccessPasses {
        @WithDefault("1H")
        Duration defaultLifetime();

        @WithDefault("10M")
        Duration minLifetime();

        @WithDefault("8H")
        Duration maxLifetime();

        /** Whether an administrator may issue a pass that is not used up by its first redemption. */
        @WithDefault("false")
        boolean reusableAllowed();

        /** Wrong passes (unknown, expired, used, revoked) a user may present within {@code failure-window}. */
        @WithDefault("5")
        int maxFailures();

        @WithDefault("15M")
        Duration failureWindow();

        /** How long every redemption of the user is refused once {@code max-failures} is reached. */
        @WithDefault("15M")
        Duration lockout();

        Map<String, TenantLimits> tenants();
    }

    /** One tenant's own limits; what it leaves out comes from {@link AccessPasses}. */
    interface TenantLimits {
        Optional<Duration> defaultLifetime();

        Optional<Duration> minLifetime();

        Optional<Duration> maxLifetime();

        Optional<Boolean> reusableAllowed();
    }
}
