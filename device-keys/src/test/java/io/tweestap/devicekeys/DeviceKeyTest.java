package io.tweestap.devicekeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DeviceKeyTest {

    private final DeviceKeyPair phone = DeviceKeyPair.generate();

    @Test
    void aSignatureVerifiesWithTheRegisteredKeyOnly() {
        ChallengeAnswer answer = new ChallengeAnswer("ch-1", "nonce-1", "dev-1", ChallengeAnswer.Decision.APPROVE, "42");
        String signature = phone.sign(answer.statement());

        DeviceKey registered = DeviceKey.fromBase64(phone.publicKeyBase64());
        assertThat(registered.verifies(answer.statement(), signature)).isTrue();
        assertThat(DeviceKeyPair.generate().deviceKey().verifies(answer.statement(), signature)).isFalse();
    }

    @Test
    void aSignatureDoesNotCoverAnotherChallengeNonceOrNumber() {
        ChallengeAnswer answer = new ChallengeAnswer("ch-1", "nonce-1", "dev-1", ChallengeAnswer.Decision.APPROVE, "42");
        String signature = phone.sign(answer.statement());
        DeviceKey key = phone.deviceKey();

        assertThat(key.verifies(new ChallengeAnswer("ch-2", "nonce-1", "dev-1", ChallengeAnswer.Decision.APPROVE, "42").statement(), signature)).isFalse();
        assertThat(key.verifies(new ChallengeAnswer("ch-1", "nonce-2", "dev-1", ChallengeAnswer.Decision.APPROVE, "42").statement(), signature)).isFalse();
        assertThat(key.verifies(new ChallengeAnswer("ch-1", "nonce-1", "dev-1", ChallengeAnswer.Decision.APPROVE, "43").statement(), signature)).isFalse();
        assertThat(key.verifies(new ChallengeAnswer("ch-1", "nonce-1", "dev-1", ChallengeAnswer.Decision.DENY, "42").statement(), signature)).isFalse();
        assertThat(key.verifies(answer.statement(), "not-base64!")).isFalse();
    }

    @Test
    void aSignedRequestCoversTheBody() {
        SignedRequest request = SignedRequest.of("post", "/api/v1/devices/d/x", "d", 1000, "n", SignedRequest.utf8("{\"a\":1}"));
        String signature = phone.sign(request.statement());
        SignedRequest altered = SignedRequest.of("POST", "/api/v1/devices/d/x", "d", 1000, "n", SignedRequest.utf8("{\"a\":2}"));

        assertThat(phone.deviceKey().verifies(request.statement(), signature)).isTrue();
        assertThat(phone.deviceKey().verifies(altered.statement(), signature)).isFalse();
        assertThat(request.isFresh(1000 + SignedRequest.MAX_CLOCK_SKEW_SECONDS)).isTrue();
        assertThat(request.isFresh(1001 + SignedRequest.MAX_CLOCK_SKEW_SECONDS)).isFalse();
    }

    @Test
    void onlyP256PublicKeysAreAccepted() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String rsaKey = Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded());
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(384);
        String p384Key = Base64.getEncoder().encodeToString(p384.generateKeyPair().getPublic().getEncoded());

        assertThatThrownBy(() -> DeviceKey.fromBase64(rsaKey)).isInstanceOf(InvalidDeviceKeyException.class);
        assertThatThrownBy(() -> DeviceKey.fromBase64(p384Key)).isInstanceOf(InvalidDeviceKeyException.class);
        assertThatThrownBy(() -> DeviceKey.fromBase64("not base64")).isInstanceOf(InvalidDeviceKeyException.class);
        assertThat(DeviceKey.fromBase64(phone.publicKeyBase64()).toBase64()).isEqualTo(phone.publicKeyBase64());
    }

    @Test
    void aSavedKeyPairSignsAsBefore() {
        DeviceKeyPair restored = DeviceKeyPair.restore(phone.privateKeyBase64(), phone.publicKeyBase64());
        assertThat(phone.deviceKey().verifies("hello", restored.sign("hello"))).isTrue();
    }
}
