package io.tweestap.sms.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** Code lifetime, the send limits, the per-region limits and the per-tenant country allow-lists. */
@ConfigMapping(prefix = "tweestap.sms")
public interface SmsSettings {

    /** Key of the HMAC-SHA256 that codes are stored as; at least 32 bytes. No default: a deployment must set it. */
    String codeHmacKey();

    /**
     * The defaults of a tenant without its own code policy (decision 0102); the service does not start
     * with values outside its bounds (6-8 digits, 1-15 whole minutes, 3-10 checks).
     */
    @WithDefault("6")
    int codeLength();

    @WithDefault("PT5M")
    Duration codeLifetime();

    @WithDefault("5")
    int maxChecks();

    /** Wrong codes in a row per user, across codes: back-off and lock (decision 0025). */
    ConsecutiveFailures consecutiveFailures();

    interface ConsecutiveFailures {

        /** After every this many wrong codes in a row, sends and checks wait for {@link #backoff}. */
        @WithDefault("5")
        int backoffEvery();

        /** The first wait; each later one doubles, up to {@link #backoffMax}. */
        @WithDefault("PT1M")
        Duration backoff();

        @WithDefault("PT1H")
        Duration backoffMax();

        /** This many wrong codes in a row lock SMS and voice codes for the user until an administrator unlocks them. */
        @WithDefault("100")
        int lockAt();
    }

    @WithDefault("PT60S")
    Duration resendCooldown();

    /** Short per-number window: at most {@code numberWindowMax} sends per {@code numberWindow}. */
    @WithDefault("PT15M")
    Duration numberWindow();

    @WithDefault("3")
    int numberWindowMax();

    /** The "daily" limits are a rolling 24 hours, so they do not depend on a tenant's time zone. */
    @WithDefault("10")
    int numberDailyMax();

    @WithDefault("10")
    int userDailyBudget();

    @WithDefault("10000")
    int tenantDailyBudget();

    /** Digits of the E.164 number (country code included) that make up its "prefix" for the velocity limit. */
    @WithDefault("8")
    int prefixDigits();

    @WithDefault("PT10M")
    Duration prefixWindow();

    @WithDefault("20")
    int prefixWindowMax();

    /**
     * Per destination region (ISO 3166, as libphonenumber reads the number), across all tenants: at
     * most {@code regionWindowMax} sends per {@code regionWindow} to one country, unless
     * {@link #regions()} gives that region its own maximum. The Vonage account, and so its bill, is
     * shared by every tenant; an SMS pumping attack spreads over numbers, prefixes and tenants but
     * not over countries (decision 0045).
     */
    @WithDefault("PT1H")
    Duration regionWindow();

    @WithDefault("300")
    int regionWindowMax();

    /**
     * Per-region overrides, keyed by ISO 3166 region code ({@code tweestap.sms.regions."NL".window-max=2000}).
     * Keys are read without regard to case: an environment variable
     * ({@code TWEESTAP_SMS_REGIONS__NL__WINDOW_MAX}) names a region the properties do not as {@code nl}.
     */
    Map<String, Region> regions();

    interface Region {

        OptionalInt windowMax();
    }

    /**
     * The share of a region's window maximum that one tenant may use, so that one tenant (or an
     * attacker behind one tenant's users) cannot use up a country for every other tenant: with 300 an
     * hour and 0.5, a tenant sends at most 150 an hour there (at least 1). Per tenant:
     * {@code tenants.<tenant>.region-share}. A deployment with one tenant sets 1 (decision 0027).
     */
    @WithDefault("0.5")
    double regionTenantShare();

    /**
     * A send still waiting for Vonage's answer after this long will never get it recorded (the
     * Vonage call times out after {@code tweestap.vonage.timeout}); the sweeper settles it.
     */
    @WithDefault("PT2M")
    Duration unconfirmedAfter();

    /** How often the sweeper looks for such sends. */
    @WithDefault("PT30S")
    Duration sweepInterval();

    /** How long sends and verifications are kept (decision 0025's record lists the ages chosen). */
    Retention retention();

    interface Retention {

        /**
         * Sends ({@code code_send}): the limits count at most 24 hours back; the rest is for support
         * and operations asking what happened to a code.
         */
        @WithDefault("P30D")
        Duration codeSends();

        /** Verifications whose last code expired this long ago and have no sends left, and unverified phones with none. */
        @WithDefault("P30D")
        Duration verifications();

        /** How often the retention job runs. */
        @WithDefault("PT1H")
        Duration interval();
    }

    /** ISO 3166 regions any tenant may send to unless it has its own list. */
    @WithDefault("NL,BE,DE,FR,GB,IE,LU")
    List<String> allowedRegions();

    /** Per-tenant overrides, keyed by the token's tenant claim. */
    Map<String, Tenant> tenants();

    interface Tenant {

        Optional<List<String>> allowedRegions();

        OptionalInt dailyBudget();

        OptionalInt userDailyBudget();

        OptionalDouble regionShare();
    }

    default double regionTenantShare(String tenantId) {
        Tenant tenant = tenants().get(tenantId);
        return tenant == null ? regionTenantShare() : tenant.regionShare().orElse(regionTenantShare());
    }

    /** How many of a region's sends per window one tenant may make: its share, rounded down, at least one. */
    default int regionTenantMax(String tenantId, String regionCode) {
        return Math.max(1, (int) Math.floor(regionTenantShare(tenantId) * regionWindowMax(regionCode)));
    }

    default List<String> allowedRegions(String tenantId) {
        Tenant tenant = tenants().get(tenantId);
        return tenant == null ? allowedRegions() : tenant.allowedRegions().orElse(allowedRegions());
    }

    default int tenantDailyBudget(String tenantId) {
        Tenant tenant = tenants().get(tenantId);
        return tenant == null ? tenantDailyBudget() : tenant.dailyBudget().orElse(tenantDailyBudget());
    }

    default int regionWindowMax(String regionCode) {
        for (Map.Entry<String, Region> region : regions().entrySet()) {
            if (region.getKey().equalsIgnoreCase(regionCode) && region.getValue().windowMax().isPresent()) {
                return region.getValue().windowMax().getAsInt();
            }
        }
        return regionWindowMax();
    }

    default int userDailyBudget(String tenantId) {
        Tenant tenant = tenants().get(tenantId);
        return tenant == null ? userDailyBudget() : tenant.userDailyBudget().orElse(userDailyBudget());
    }
}
