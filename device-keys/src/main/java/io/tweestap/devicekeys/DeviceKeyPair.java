package io.tweestap.devicekeys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** The phone's side: a P-256 key pair that signs statements. Used by the authenticator and tests. */
public final class DeviceKeyPair {

    private final KeyPair keys;

    private DeviceKeyPair(KeyPair keys) {
        this.keys = keys;
    }

    public static DeviceKeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return new DeviceKeyPair(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM cannot make P-256 keys", e);
        }
    }

    /** Restores a key pair saved with {@link #privateKeyBase64()} and {@link #publicKeyBase64()}. */
    public static DeviceKeyPair restore(String privateKeyPkcs8Base64, String publicKeyBase64) {
        try {
            KeyFactory factory = KeyFactory.getInstance("EC");
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKeyPkcs8Base64)));
            return new DeviceKeyPair(new KeyPair(
                    factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKeyBase64))), privateKey));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new InvalidDeviceKeyException("Not a saved P-256 key pair");
        }
    }

    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    public String privateKeyBase64() {
        return Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded());
    }

    public DeviceKey deviceKey() {
        return DeviceKey.fromBase64(publicKeyBase64());
    }

    /** @return base64url DER ECDSA signature over the UTF-8 bytes of the statement */
    public String sign(String statement) {
        try {
            Signature signer = Signature.getInstance(DeviceKey.SIGNATURE_ALGORITHM);
            signer.initSign(keys.getPrivate());
            signer.update(statement.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
