package io.tweestap.sms.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How sms-service reaches Vonage (or the local sandbox that speaks Vonage's APIs). */
@ConfigMapping(prefix = "tweestap.vonage")
public interface VonageSettings {

    /** Empty for Vonage itself; the sandbox's address (e.g. http://127.0.0.1:8089) in development and tests. */
    Optional<String> baseUri();

    String apiKey();

    String apiSecret();

    /** Voice calls authenticate as a Vonage application (JWT signed with its private key). */
    Optional<String> applicationId();

    Optional<String> privateKeyPath();

    /**
     * Secret Vonage signs its callbacks with (SMS receipts: {@code sig} parameter; voice events: an
     * HS256 JWT); when set, unsigned or badly signed callbacks are refused.
     */
    Optional<String> signatureSecret();

    /** Alphanumeric sender id shown on the phone. */
    @WithDefault("Tweestap")
    String smsFrom();

    /** The number voice calls come from. */
    @WithDefault("31850000000")
    String voiceFrom();

    /** Where Vonage posts SMS delivery receipts (our /api/v1/vonage/delivery-receipts); empty = the account default. */
    Optional<String> deliveryReceiptUrl();

    /**
     * Where Vonage posts a call's status events (our /api/v1/vonage/voice-events); empty = the event
     * URL of the Vonage application.
     */
    Optional<String> voiceEventUrl();

    /** Vonage's default account limit is 30 API requests per second. */
    @WithDefault("30")
    int requestsPerSecond();

    /**
     * Connect and read timeout of one Vonage request. Shorter than the 10 s its callers
     * (enrollment-service, challenge-service) wait for sms-service, so a slow Vonage still gets them
     * an answer; a request that timed out after it was sent is settled as unconfirmed (decision 0078).
     */
    @WithDefault("PT5S")
    Duration timeout();
}
