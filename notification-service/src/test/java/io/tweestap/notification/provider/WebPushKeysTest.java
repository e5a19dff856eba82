package io.tweestap.notification.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The VAPID key pair outside dev and test must be the deployment's own and usable (decision 0075);
 * in dev and test a missing or broken pair only switches Web Push off.
 */
class WebPushKeysTest {

    /** A pair made for this test only (not in application.properties). */
    private static final String PUBLIC = "BGNQQGSyMg0cN3VKvYeuM-1_X7pphObmfW_KNEM4TTeyHAwhc0xfkirX32mmpkx4wIuOm1vPT0oEEg-46a4Rcwc";
    private static final String PRIVATE = "xb7lGm01Z9SEmrsPtgo5rNMSleTCrsRpF8LkDJYd5bQ";
    private static final Optional<String> SUBJECT = Optional.of("mailto:operations@example.org");
    private static final List<String> PROD = List.of("prod");

    @Test
    void aDeploymentsOwnPairIsUsed() {
        WebPushKeys.Loaded loaded = WebPushKeys.load(PROD, Optional.of(PUBLIC), Optional.of(PRIVATE), SUBJECT);

        assertThat(loaded.refusal()).isEmpty();
        assertThat(loaded.webPush()).isNotNull();
        assertThat(WebPushSubscription.base64Url(loaded.webPush().getVapidKeys().getApplicationServerKey())).isEqualTo(PUBLIC);
    }

    @Test
    void prodRefusesToStartWithoutAPair() {
        assertThat(WebPushKeys.load(PROD, Optional.empty(), Optional.empty(), SUBJECT).refusal()).get().asString()
                .contains("vapid-public-key");
        assertThat(WebPushKeys.load(PROD, Optional.of(PUBLIC), Optional.of(" "), SUBJECT).refusal()).isPresent();
    }

    @Test
    void prodRefusesTheDevAndTestPairsThatShipInThisRepository() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = WebPushKeysTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        for (String profile : List.of("%dev.", "%test.")) {
            String publicKey = properties.getProperty(profile + "tweestap.notification.web-push.vapid-public-key");
            String privateKey = properties.getProperty(profile + "tweestap.notification.web-push.vapid-private-key");
            assertThat(WebPushKeys.load(List.of(profile.substring(1, profile.length() - 1)), Optional.of(publicKey),
                    Optional.of(privateKey), SUBJECT).webPush()).as(profile + " pair is usable there").isNotNull();

            WebPushKeys.Loaded inProd = WebPushKeys.load(PROD, Optional.of(publicKey), Optional.of(privateKey), SUBJECT);
            assertThat(inProd.refusal()).as(profile + " pair in prod").get().asString().contains("known to anyone")
                    .doesNotContain(privateKey);
        }
    }

    @Test
    void prodRefusesABrokenPairOrNoContactAndNamesNoKey() {
        String otherPublic = "BAboAbzj9oM0HDyZYEeycPTUC6elsyJ64linJrcZ-lBxsdAbM1vzNBw5KtRBFlkZgpqq7UXlpQGzkF4mSg_RS6Q";
        WebPushKeys.Loaded mismatched = WebPushKeys.load(PROD, Optional.of(otherPublic), Optional.of(PRIVATE), SUBJECT);
        assertThat(mismatched.refusal()).get().asString().contains("not a P-256 key pair").doesNotContain(PRIVATE);
        assertThat(WebPushKeys.load(PROD, Optional.of(PUBLIC), Optional.of("not-a-key"), SUBJECT).refusal()).isPresent();
        assertThat(WebPushKeys.load(PROD, Optional.of(PUBLIC), Optional.of(PRIVATE), Optional.of("ops@example.org")).refusal())
                .get().asString().contains("subject");
    }

    @Test
    void devAndTestOnlySwitchWebPushOff() {
        WebPushKeys.Loaded off = WebPushKeys.load(List.of("dev"), Optional.empty(), Optional.empty(), SUBJECT);
        assertThat(off.refusal()).isEmpty();
        assertThat(off.webPush()).isNull();
        assertThat(WebPushKeys.load(List.of("test"), Optional.of(PUBLIC), Optional.of("broken"), SUBJECT).refusal()).isEmpty();
    }
}
