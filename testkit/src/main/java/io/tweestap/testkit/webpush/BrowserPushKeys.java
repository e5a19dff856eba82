package io.tweestap.testkit.webpush;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A browser's side of a push subscription, written from RFC 8291 and RFC 8188 with JDK crypto
 * only (nothing of the library under test): its P-256 key pair ({@code p256dh}), its 16-byte
 * {@code auth} secret, and the decryption of an {@code aes128gcm} message addressed to it.
 */
public final class BrowserPushKeys {

    private static final ECParameterSpec P256 = p256();

    public final ECPrivateKey privateKey;
    public final byte[] p256dh;
    public final byte[] auth;

    public BrowserPushKeys(ECPrivateKey privateKey, byte[] p256dh, byte[] auth) {
        this.privateKey = privateKey;
        this.p256dh = p256dh.clone();
        this.auth = auth.clone();
    }

    public static BrowserPushKeys generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            byte[] auth = new byte[16];
            new SecureRandom().nextBytes(auth);
            return new BrowserPushKeys((ECPrivateKey) pair.getPrivate(), uncompressed((ECPublicKey) pair.getPublic()), auth);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** From raw values, as RFC 8291's appendix gives them. */
    public static BrowserPushKeys of(String privateScalar, String p256dh, String auth) throws GeneralSecurityException {
        ECPrivateKey key = (ECPrivateKey) KeyFactory.getInstance("EC")
                .generatePrivate(new ECPrivateKeySpec(new BigInteger(1, b64(privateScalar)), P256));
        return new BrowserPushKeys(key, b64(p256dh), b64(auth));
    }

    public String p256dhText() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(p256dh);
    }

    public String authText() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(auth);
    }

    /** RFC 8291 section 3.4 and RFC 8188: one record, padding delimiter 2; throws when it does not authenticate. */
    public byte[] decrypt(byte[] body) throws GeneralSecurityException {
        if (body.length < 21) {
            throw new GeneralSecurityException("shorter than the aes128gcm header");
        }
        byte[] salt = Arrays.copyOfRange(body, 0, 16);
        int recordSize = ((body[16] & 0xff) << 24) | ((body[17] & 0xff) << 16) | ((body[18] & 0xff) << 8) | (body[19] & 0xff);
        int keyIdLength = body[20] & 0xff;
        if (keyIdLength != 65 || body.length < 21 + keyIdLength + 17 || body.length - 21 - keyIdLength > recordSize) {
            throw new GeneralSecurityException("not a single aes128gcm record with a P-256 key id");
        }
        byte[] senderPublic = Arrays.copyOfRange(body, 21, 21 + keyIdLength);
        byte[] ciphertext = Arrays.copyOfRange(body, 21 + keyIdLength, body.length);

        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(privateKey);
        agreement.doPhase(publicKey(senderPublic), true);
        byte[] ecdhSecret = agreement.generateSecret();

        byte[] keyInfo = concat("WebPush: info\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), p256dh, senderPublic);
        byte[] ikm = hmac(hmac(auth, ecdhSecret), concat(keyInfo, new byte[] {1}));
        byte[] prk = hmac(salt, ikm);
        byte[] cek = Arrays.copyOf(hmac(prk, concat("Content-Encoding: aes128gcm\0".getBytes(), new byte[] {1})), 16);
        byte[] nonce = Arrays.copyOf(hmac(prk, concat("Content-Encoding: nonce\0".getBytes(), new byte[] {1})), 12);

        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] padded = cipher.doFinal(ciphertext);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--;
        }
        if (end < 0 || padded[end] != 2) {
            throw new GeneralSecurityException("the last record must end with padding delimiter 2");
        }
        return Arrays.copyOf(padded, end);
    }

    static ECPublicKey publicKey(byte[] uncompressed) throws GeneralSecurityException {
        if (uncompressed.length != 65 || uncompressed[0] != 4) {
            throw new GeneralSecurityException("not an uncompressed P-256 point");
        }
        ECPoint point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(uncompressed, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, P256));
    }

    static byte[] uncompressed(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4;
        copy(key.getW().getAffineX(), out, 1);
        copy(key.getW().getAffineY(), out, 33);
        return out;
    }

    private static void copy(BigInteger value, byte[] out, int offset) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, out, offset + 32 - length, length);
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    static byte[] b64(String text) {
        return Base64.getUrlDecoder().decode(text);
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
