package io.tweestap.sms.domain;

import io.tweestap.sms.config.SmsSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Makes codes from a CSPRNG and stores and checks them only as HMAC-SHA256. */
@ApplicationScoped
public class SmsCodes {

    private static final String HMAC = "HmacSHA256";

    private final SecureRandom random = new SecureRandom();

    @Inject
    SmsSettings settings;

    private SecretKeySpec key;

    @PostConstruct
    void readKey() {
        byte[] bytes = settings.codeHmacKey().getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalStateException("tweestap.sms.code-hmac-key must be at least 32 bytes");
        }
        key = new SecretKeySpec(bytes, HMAC);
    }

    /** Every code of the rules' length is equally likely, leading zeros included. */
    public SmsCode next(CodeRules rules) {
        int bound = (int) Math.pow(10, rules.length());
        return new SmsCode(String.format("%0" + rules.length() + "d", random.nextInt(bound)), rules.lifetime());
    }

    /**
     * The verification id is part of the MAC input, so equal codes of two verifications have
     * different seals and a seal cannot be replayed onto another verification.
     */
    public byte[] seal(UUID verificationId, SmsCode code) {
        return seal(verificationId, code.digits());
    }

    /** Constant time, so response timing reveals nothing about how close a guess was. */
    public boolean matches(UUID verificationId, String typed, byte[] stored) {
        return MessageDigest.isEqual(seal(verificationId, typed), stored);
    }

    private byte[] seal(UUID verificationId, String digits) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal((verificationId + ":" + digits).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
