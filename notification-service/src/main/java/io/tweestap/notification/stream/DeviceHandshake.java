package io.tweestap.notification.stream;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.DatabaseAway;
import io.tweestap.devicekeys.SignedRequest;
import io.tweestap.devicekeys.SignedRequestVerifier;
import io.tweestap.devicekeys.SignedRequestVerifier.Claim;
import io.tweestap.devicekeys.SignedRequestVerifier.Presented;
import io.tweestap.devicekeys.SignedRequestVerifier.Refusal;
import io.tweestap.devicekeys.SignedRequestVerifier.RefusedRequest;
import io.tweestap.notification.directory.DeviceDirectory;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Authenticates a device opening its stream, before the upgrade, with device-keys'
 * {@link SignedRequestVerifier}: a {@link SignedRequest} for {@code GET <path>} with an empty body, signed by the active device's registered key, fresh,
 * with a nonce never seen before. Anything else is refused with 401 and no socket is opened.
 *
 * <p>The four values come as the {@code Tweestap-*} headers, or — because a browser's WebSocket
 * cannot set headers — as the query parameters {@value #DEVICE_PARAM}, {@value #TIMESTAMP_PARAM},
 * {@value #NONCE_PARAM} and {@value #SIGNATURE_PARAM} (the web app; decision 0077). Headers win when
 * both are there; the statement is the same (the path without the query). A URL that ends up in a log
 * is worthless: its nonce is spent by the handshake and its timestamp goes stale in 300 s.
 */
@ApplicationScoped
public class DeviceHandshake implements HttpUpgradeCheck {

    private static final Logger LOG = Logger.getLogger(DeviceHandshake.class);
    private static final Map<String, List<String>> CHALLENGE_HEADER =
            Map.of("WWW-Authenticate", List.of("Tweestap-Signature"));

    static final String DEVICE_PARAM = "device";
    static final String TIMESTAMP_PARAM = "timestamp";
    static final String NONCE_PARAM = "nonce";
    static final String SIGNATURE_PARAM = "signature";

    @Inject
    DeviceDirectory directory;

    @Inject
    RequestNonces nonces;

    /** The same wait the REST APIs' 503 problems name (platform-api's ProblemMappers). */
    @ConfigProperty(name = "tweestap.database.retry-after", defaultValue = "PT5S")
    Duration retryAfter;

    @Inject
    Clock clock;

    @Override
    public boolean appliesTo(String endpointId) {
        return DeviceStream.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        String deviceId = context.pathParam("deviceId");
        HttpServerRequest request = context.httpRequest();
        MultiMap headers = request.headers();
        boolean inHeaders = headers.contains(SignedRequest.SIGNATURE_HEADER);
        MultiMap query = request.params();
        Presented presented = inHeaders ? Presented.fromHeaders(headers::get) : new Presented(query.get(DEVICE_PARAM),
                query.get(TIMESTAMP_PARAM), query.get(NONCE_PARAM), query.get(SIGNATURE_PARAM));
        Claim claim;
        try {
            claim = SignedRequestVerifier.claim(deviceId, "GET", request.path(), presented, new byte[0],
                    clock.instant().getEpochSecond());
        } catch (RefusedRequest refused) {
            return refuse(deviceId, refused.refusal.why);
        }
        return directory.streamingKey(deviceId).chain(key -> {
            if (key.isEmpty()) {
                return refuse(deviceId, "no active, unblocked device with that id");
            }
            if (!claim.signedBy(key.get())) {
                return refuse(deviceId, Refusal.NOT_SIGNED_BY_THE_DEVICE.why);
            }
            // Remembered only after the signature verified, so strangers cannot fill the table.
            return nonces.firstUse(claim)
                    .chain(first -> first ? CheckResult.permitUpgrade() : refuse(deviceId, Refusal.NONCE_ALREADY_USED.why));
        }).onFailure(DatabaseAway::explains).recoverWithUni(away -> unavailable(deviceId, away));
    }

    /**
     * The device's key or nonce cannot be read while the database is away: nothing is wrong with the
     * device, so a 503 with Retry-After (not 401) — the app reconnects, and a load balancer's other
     * instances or this one once the database is back take it.
     */
    private Uni<CheckResult> unavailable(String deviceId, Throwable away) {
        LOG.warnf("Stream for device %s refused for now, database unavailable: %s", deviceId, away.toString());
        return CheckResult.rejectUpgrade(503, Map.of("Retry-After", List.of(String.valueOf(Math.max(1, retryAfter.toSeconds())))));
    }

    private static Uni<CheckResult> refuse(String deviceId, String why) {
        LOG.infof("Refused stream for device %s: %s", deviceId, why);
        return CheckResult.rejectUpgrade(401, CHALLENGE_HEADER);
    }
}
