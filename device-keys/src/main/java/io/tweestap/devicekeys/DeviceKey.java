package io.tweestap.devicekeys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * A device's registered public key: ECDSA P-256, carried as base64 X.509 SubjectPublicKeyInfo.
 * The private half never leaves the phone.
 */
public final class DeviceKey {

    static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final int P256_FIELD_BITS = 256;

    private final ECPublicKey publicKey;

    private DeviceKey(ECPublicKey publicKey) {
        this.publicKey = publicKey;
    }

    /** @throws InvalidDeviceKeyException if the text is not a P-256 public key */
    public static DeviceKey fromBase64(String encoded) {
        try {
            PublicKey key = KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(encoded)));
            if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != P256_FIELD_BITS
                    || !ec.getParams().toString().contains("secp256r1") && !ec.getParams().toString().contains("1.2.840.10045.3.1.7")) {
                throw new InvalidDeviceKeyException("Not a P-256 public key");
            }
            return new DeviceKey(ec);
        } catch (IllegalArgumentException | GeneralSecurityException | NullPointerException e) {
            throw new InvalidDeviceKeyException("Not a base64 X.509 P-256 public key");
        }
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /** Checks a base64url DER ECDSA signature over the UTF-8 bytes of a canonical statement. */
    public boolean verifies(String statement, String signatureBase64Url) {
        if (statement == null || signatureBase64Url == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(statement.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getUrlDecoder().decode(signatureBase64Url));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeviceKey key && key.publicKey.equals(publicKey);
    }

    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }
}
