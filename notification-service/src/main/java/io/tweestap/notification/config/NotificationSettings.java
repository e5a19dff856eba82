package io.tweestap.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How this service delivers pushes; provider credentials are optional and switch an adapter on. */
@ConfigMapping(prefix = "tweestap.notification")
public interface NotificationSettings {

    /** How long a new-device notice waits for a device that is offline. */
    @WithDefault("P7D")
    Duration noticeLifetime();

    /** How often undelivered work (lost notifications, expired pushes) is swept up. */
    @WithDefault("5s")
    Duration sweepInterval();

    /**
     * How long a provider claim on a push row holds. A claim older than this whose sends never
     * concluded was left by an instance that died mid-send, and the sweep sends the row again. Must
     * be longer than the longest provider send with its retries (ProviderDelivery#longestSend,
     * 42.6 s with the defaults) so a live instance's slow send is not taken over; decision 0012.
     */
    @WithDefault("45s")
    Duration providerLease();

    /**
     * How long a challenge frame written to a device's stream may go unacknowledged before it is
     * written again (on the sweep while the device is connected here, at once on its next connect);
     * decision 0013. Acks are gathered for a fifth of it before they are recorded (decision 0127).
     */
    @WithDefault("5s")
    Duration streamAckTimeout();

    /** How often one unacknowledged challenge frame is written again at most, so an app that never acks is not flooded. */
    @WithDefault("3")
    int streamResendLimit();

    Retry retry();

    Retention retention();

    Apns apns();

    Fcm fcm();

    WebPush webPush();

    /** Transient provider failures (5xx, 429, network) are retried this way, then reported. */
    interface Retry {
        @WithDefault("4")
        int attempts();

        @WithDefault("250ms")
        Duration initialBackOff();

        @WithDefault("4s")
        Duration maxBackOff();
    }

    /**
     * How long finished pushes are kept (decision 0015). A push row is deleted once it has been
     * expired for {@code pushes}: nothing is sent, re-sent or taken over for an expired row, so
     * the age only decides how long operators can look a push up in the database.
     */
    interface Retention {
        /** Time after a push's expiry before its row is deleted. */
        @WithDefault("P7D")
        Duration pushes();

        /** Rows deleted per statement (one short transaction each), so a purge never holds many locks for long. */
        @WithDefault("1000")
        int batchSize();

        /** How often each instance runs the purge (read by its schedule). */
        @WithDefault("1h")
        Duration interval();
    }

    /** Token-based (.p8 key) APNs; all of signing-key-path, team-id, key-id and topic switch it on. */
    interface Apns {
        Optional<String> signingKeyPath();

        Optional<String> teamId();

        Optional<String> keyId();

        /** The authenticator app's bundle id. */
        Optional<String> topic();

        @WithDefault("api.push.apple.com")
        String host();

        @WithDefault("443")
        int port();

        /** Only for a private APNs stand-in; the real service is trusted through the JDK's roots. */
        Optional<String> trustedCertificatePath();
    }

    /** FCM HTTP v1; a service-account JSON file switches it on. */
    interface Fcm {
        Optional<String> serviceAccountPath();

        /** Defaults to the project id in the service-account file. */
        Optional<String> projectId();

        @WithDefault("https://fcm.googleapis.com")
        String baseUrl();

        @WithDefault("10s")
        Duration requestTimeout();
    }

    /**
     * Web Push (RFC 8030) with VAPID (RFC 8292) and aes128gcm payloads (RFC 8291); the key pair
     * switches it on. In the prod profile the private key is a required secret (decision 0075).
     */
    interface WebPush {
        /** base64url of the uncompressed P-256 public point (65 bytes); the app subscribes with it. */
        Optional<String> vapidPublicKey();

        /** base64url of the private scalar (32 bytes). A secret. */
        Optional<String> vapidPrivateKey();

        /** {@code mailto:} or {@code https:} address a push service may contact the operator at (VAPID {@code sub}). */
        Optional<String> subject();

        /** Connect and answer timeout of one request to a push service. */
        @WithDefault("10s")
        Duration requestTimeout();

        /**
         * Accept subscriptions whose endpoint is plain http on localhost / 127.0.0.1 (dev and test,
         * where the push service is a stand-in on this machine). Never in production.
         */
        @WithDefault("false")
        boolean loopbackHttp();

        /**
         * The origins the web app is served from (comma list): only they may call the device
         * endpoints from a browser across origins (CORS, read through quarkus.http.cors.origins).
         */
        Optional<List<String>> appOrigins();
    }
}
