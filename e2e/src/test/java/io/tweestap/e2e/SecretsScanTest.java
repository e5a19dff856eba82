package io.tweestap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweestap.devicekeys.DeviceKeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scanner the system test trusts: every kind of planted secret is caught, honest lines pass. */
class SecretsScanTest {

    private static final String LINE = "06:12:01.345 INFO  [io.tw.sm.se.PhoneVerificationService] ";

    private final SecretsScan scan = new SecretsScan()
            .phoneNumber("06 12345678")
            .code("SMS code", "482913")
            .value("activation code", "K7PQ-M2XD-93RF")
            .value("HMAC key", "dev-only-code-hmac-key-0123456789abcdef");

    @Test
    void honestLinesAndEventsPass() {
        String log = LINE + "verification 3f2a9c1e-06d4-4b1a-9e7f-612345670000 sent to +31 6 ****5678 (SMS, nl)\n"
                + LINE + "challenge 8d1e approved in 482 ms at 2026-12-02T06:12:01.482913Z\n"
                + "{\"deviceId\":\"d-1\",\"publicKey\":\"" + p256PublicKey() + "\",\"maskedNumber\":\"+31 6 ****5678\"}";
        assertThat(scan.scan("clean.log", log)).isEmpty();
    }

    @Test
    void aFullPhoneNumberIsCaughtInEverySpelling() {
        for (String spelling : List.of("+31612345678", "0612345678", "06 12345678", "+31 6 12345678", "31612345678")) {
            assertThat(scan.scan("sms.log", LINE + "sending to " + spelling)).as(spelling).isNotEmpty();
        }
        // Someone else's full number: not this run's, caught by its shape.
        assertThat(scan.scan("sms.log", LINE + "sending to +31 6 87654321"))
                .extracting(SecretsScan.Finding::kind).containsExactly("full phone number");
    }

    @Test
    void codesKeysTokensAndPrivateKeysAreCaught() throws Exception {
        assertThat(scan.scan("sms.log", LINE + "code 482913 for verification v-1")).hasSize(1);
        assertThat(scan.scan("enrollment.log", LINE + "activating K7PQ-M2XD-93RF")).hasSize(1);
        assertThat(scan.scan("sms.log", LINE + "key=dev-only-code-hmac-key-0123456789abcdef")).hasSize(1);
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJub29yQGFjbWUuZXhhbXBsZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
        assertThat(scan.scan("challenge.log", LINE + "calling with " + jwt)).extracting(SecretsScan.Finding::kind)
                .contains("JWT");
        assertThat(scan.scan("challenge.log", LINE + "Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123"))
                .extracting(SecretsScan.Finding::kind).contains("bearer token");
        assertThat(scan.scan("notification.log", "-----BEGIN PRIVATE KEY-----")).hasSize(1);
        String devicePrivateKey = DeviceKeyPair.generate().privateKeyBase64();
        assertThat(scan.scan("mfa.enrollment.events.v1@7", "{\"key\":\"" + devicePrivateKey + "\"}"))
                .extracting(SecretsScan.Finding::kind).containsExactly("PKCS#8 private key");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String rsaPrivateKey = Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPrivate().getEncoded());
        assertThat(scan.scan("enrollment.log", LINE + rsaPrivateKey)).extracting(SecretsScan.Finding::kind)
                .containsExactly("PKCS#8 private key");
    }

    @Test
    void aFindingDoesNotRepeatTheSecret() {
        SecretsScan.Finding finding = scan.scan("sms.log", LINE + "code 482913 sent").get(0);
        assertThat(finding.toString()).doesNotContain("482913").contains("sms.log").contains("<code>");
    }

    private static String p256PublicKey() {
        return DeviceKeyPair.generate().publicKeyBase64();
    }
}
