package io.tweestap.notification.stream;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.tweestap.devicekeys.SignedRequest;
import io.tweestap.notification.directory.DeviceDirectory;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Authenticates a device opening its stream, before the upgrade: a {@link SignedRequest} for
 * {@code GET <path>} with an empty body, signed by the active device's registered key, fresh,
 * with a nonce never seen before. Anything else is refused with 401 and no socket is opened.
 */
@ApplicationScoped
public class DeviceHandshake implements HttpUpgradeCheck {

    private static final Logger LOG = Logger.getLogger(DeviceHandshake.class);
    private static final int MAX_NONCE_LENGTH = 128;
    private static final Map<String, List<String>> CHALLENGE_HEADER =
            Map.of("WWW-Authenticate", List.of("Tweestap-Signature"));

    @Inject
    DeviceDirectory directory;

    @Inject
    RequestNonces nonces;

    Clock clock = Clock.systemUTC();

    @Override
    public boolean appliesTo(String endpointId) {
        return DeviceStream.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        String deviceId = context.pathParam("deviceId");
        HttpServerRequest request = context.httpRequest();
        MultiMap headers = request.headers();
        String claimedDevice = headers.get(SignedRequest.DEVICE_HEADER);
        String timestampText = headers.get(SignedRequest.TIMESTAMP_HEADER);
        String nonce = headers.get(SignedRequest.NONCE_HEADER);
        String signature = headers.get(SignedRequest.SIGNATURE_HEADER);
        if (deviceId == null || !deviceId.equals(claimedDevice) || timestampText == null || nonce == null
                || nonce.isBlank() || nonce.length() > MAX_NONCE_LENGTH || signature == null) {
            return refuse(deviceId, "missing or inconsistent signature headers");
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampText);
        } catch (NumberFormatException e) {
            return refuse(deviceId, "timestamp is not epoch seconds");
        }
        SignedRequest signed = SignedRequest.of("GET", request.path(), deviceId, timestamp, nonce, new byte[0]);
        if (!signed.isFresh(clock.instant().getEpochSecond())) {
            return refuse(deviceId, "stale timestamp");
        }
        return directory.activeKey(deviceId).chain(key -> {
            if (key.isEmpty()) {
                return refuse(deviceId, "no active device with that id");
            }
            if (!key.get().verifies(signed.statement(), signature)) {
                return refuse(deviceId, "signature does not verify");
            }
            // Remembered only after the signature verified, so strangers cannot fill the table.
            return nonces.firstUse(deviceId, nonce, timestamp)
                    .chain(first -> first ? CheckResult.permitUpgrade() : refuse(deviceId, "nonce already used"));
        });
    }

    private static Uni<CheckResult> refuse(String deviceId, String why) {
        LOG.infof("Refused stream for device %s: %s", deviceId, why);
        return CheckResult.rejectUpgrade(401, CHALLENGE_HEADER);
    }
}
