package io.tweestap.devicekeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tweestap.devicekeys.SignedRequestVerifier.Claim;
import io.tweestap.devicekeys.SignedRequestVerifier.Presented;
import io.tweestap.devicekeys.SignedRequestVerifier.Refusal;
import io.tweestap.devicekeys.SignedRequestVerifier.RefusedRequest;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignedRequestVerifierTest {

    private static final String DEVICE = "dev-1";
    private static final String PATH = "/api/v1/devices/dev-1/challenges";
    private static final long NOW = 1_800_000_000L;

    private final DeviceKeyPair phone = DeviceKeyPair.generate();

    @Test
    void aFreshRequestSignedByTheDeviceIsClaimedAndVerifiesWithItsKeyOnly() {
        Claim claim = SignedRequestVerifier.claim(DEVICE, "put", PATH, signed("n-1", NOW - 10, "{}"), SignedRequest.utf8("{}"), NOW);

        assertThat(claim.signedBy(phone.deviceKey())).isTrue();
        assertThat(claim.signedBy(DeviceKeyPair.generate().deviceKey())).isFalse();
        assertThat(claim.deviceId()).isEqualTo(DEVICE);
        assertThat(claim.nonce()).isEqualTo("n-1");
    }

    @Test
    void anotherBodyOrPathThanTheOneSignedDoesNotVerify() {
        Presented presented = signed("n-1", NOW, "{}");

        assertThat(SignedRequestVerifier.claim(DEVICE, "PUT", PATH, presented, SignedRequest.utf8("{\"x\":1}"), NOW)
                .signedBy(phone.deviceKey())).isFalse();
        assertThat(SignedRequestVerifier.claim(DEVICE, "PUT", PATH + "/other", presented, SignedRequest.utf8("{}"), NOW)
                .signedBy(phone.deviceKey())).isFalse();
    }

    @Test
    void missingOrInconsistentValuesAreRefusedBeforeAnyLookup() {
        Presented good = signed("n-1", NOW, null);
        assertRefused(new Presented(null, good.timestamp(), good.nonce(), good.signature()), Refusal.MISSING_OR_INCONSISTENT);
        assertRefused(new Presented("dev-2", good.timestamp(), good.nonce(), good.signature()), Refusal.MISSING_OR_INCONSISTENT);
        assertRefused(new Presented(DEVICE, null, good.nonce(), good.signature()), Refusal.MISSING_OR_INCONSISTENT);
        assertRefused(new Presented(DEVICE, good.timestamp(), null, good.signature()), Refusal.MISSING_OR_INCONSISTENT);
        assertRefused(new Presented(DEVICE, good.timestamp(), " ", good.signature()), Refusal.MISSING_OR_INCONSISTENT);
        assertRefused(new Presented(DEVICE, good.timestamp(), "n".repeat(129), good.signature()), Refusal.MISSING_OR_INCONSISTENT);
        assertRefused(new Presented(DEVICE, good.timestamp(), good.nonce(), null), Refusal.MISSING_OR_INCONSISTENT);
        assertRefused(new Presented(DEVICE, "yesterday", good.nonce(), good.signature()), Refusal.TIMESTAMP_NOT_A_NUMBER);
        assertThat(SignedRequestVerifier.claim(DEVICE, "GET", PATH, new Presented(DEVICE, good.timestamp(), "n".repeat(128),
                good.signature()), null, NOW)).isNotNull();
    }

    @Test
    void aTimestampMoreThanTheSkewAwayIsStaleEitherWay() {
        long skew = SignedRequest.MAX_CLOCK_SKEW_SECONDS;
        assertThat(SignedRequestVerifier.claim(DEVICE, "GET", PATH, signed("a", NOW - skew, null), null, NOW)).isNotNull();
        assertThat(SignedRequestVerifier.claim(DEVICE, "GET", PATH, signed("b", NOW + skew, null), null, NOW)).isNotNull();
        assertRefused(signed("c", NOW - skew - 1, null), Refusal.STALE);
        assertRefused(signed("d", NOW + skew + 1, null), Refusal.STALE);
    }

    @Test
    void aNonceIsKeptWhileItsTimestampCouldStillBeFresh() {
        Claim claim = SignedRequestVerifier.claim(DEVICE, "GET", PATH, signed("n-1", NOW - 100, null), null, NOW);

        assertThat(claim.nonceKeptUntil()).isEqualTo(Instant.ofEpochSecond(NOW - 100 + SignedRequest.MAX_CLOCK_SKEW_SECONDS));
        assertThat(claim.request().isFresh(claim.nonceKeptUntil().getEpochSecond())).isTrue();
        assertThat(claim.request().isFresh(claim.nonceKeptUntil().getEpochSecond() + 1)).isFalse();
    }

    @Test
    void theHeadersAreReadByTheirNames() {
        Map<String, String> headers = Map.of(SignedRequest.DEVICE_HEADER, "d", SignedRequest.TIMESTAMP_HEADER, "1",
                SignedRequest.NONCE_HEADER, "n", SignedRequest.SIGNATURE_HEADER, "s");

        assertThat(Presented.fromHeaders(headers::get)).isEqualTo(new Presented("d", "1", "n", "s"));
    }

    /** Signed as the phone signs: a GET without a body, or a PUT of {@code body}. */
    private Presented signed(String nonce, long timestamp, String body) {
        SignedRequest request = body == null ? SignedRequest.of("GET", PATH, DEVICE, timestamp, nonce, null)
                : SignedRequest.of("PUT", PATH, DEVICE, timestamp, nonce, SignedRequest.utf8(body));
        return new Presented(DEVICE, Long.toString(timestamp), nonce, phone.sign(request.statement()));
    }

    private static void assertRefused(Presented presented, Refusal refusal) {
        assertThatThrownBy(() -> SignedRequestVerifier.claim(DEVICE, "GET", PATH, presented, null, NOW))
                .isInstanceOfSatisfying(RefusedRequest.class, refused -> assertThat(refused.refusal).isEqualTo(refusal));
    }
}
