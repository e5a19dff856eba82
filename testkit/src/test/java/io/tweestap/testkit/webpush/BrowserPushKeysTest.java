package io.tweestap.testkit.webpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;

/**
 * The test's own browser side is right before it judges the service: it decrypts RFC 8291's
 * Appendix A message to the RFC's plaintext, and refuses a message altered by one bit.
 */
class BrowserPushKeysTest {

    private static final String UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    private static final String UA_PUBLIC = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";
    private static final String MESSAGE = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6T"
            + "lzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    @Test
    void decryptsTheRfc8291TestVector() throws Exception {
        BrowserPushKeys browser = BrowserPushKeys.of(UA_PRIVATE, UA_PUBLIC, AUTH);

        assertThat(new String(browser.decrypt(BrowserPushKeys.b64(MESSAGE)), StandardCharsets.UTF_8))
                .isEqualTo("When I grow up, I want to be a watermelon");
    }

    @Test
    void refusesAnAlteredMessageOrAnotherAuthSecret() throws Exception {
        byte[] altered = BrowserPushKeys.b64(MESSAGE);
        altered[altered.length - 20] ^= 1;
        assertThatThrownBy(() -> BrowserPushKeys.of(UA_PRIVATE, UA_PUBLIC, AUTH).decrypt(altered))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> BrowserPushKeys.of(UA_PRIVATE, UA_PUBLIC, "AAAAAAAAAAAAAAAAAAAAAA").decrypt(BrowserPushKeys.b64(MESSAGE)))
                .isInstanceOf(GeneralSecurityException.class);
    }
}
