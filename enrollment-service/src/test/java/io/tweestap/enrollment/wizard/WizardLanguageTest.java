package io.tweestap.enrollment.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.qute.i18n.Message;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.enrollment.service.SetupError;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Waits from sms-service's Retry-After, in words: seconds, minutes or hours, rounded up, singular
 * where it should be, in Dutch and English. Message bundles need the application, hence QuarkusTest.
 */
@QuarkusTest
class WizardLanguageTest {

    private static final WizardLanguage DUTCH = WizardLanguage.resolve("nl", null, null);
    private static final WizardLanguage ENGLISH = WizardLanguage.resolve("en", null, null);

    @Test
    void waitsAreSaidInTheLargestUnitThatStillReadsExactly() {
        assertThat(ENGLISH.howLong(1)).isEqualTo("1 second");
        assertThat(ENGLISH.howLong(42)).isEqualTo("42 seconds");
        assertThat(ENGLISH.howLong(119)).isEqualTo("119 seconds");
        assertThat(ENGLISH.howLong(120)).isEqualTo("2 minutes");
        assertThat(ENGLISH.howLong(121)).isEqualTo("3 minutes");
        assertThat(ENGLISH.howLong(900)).isEqualTo("15 minutes");
        assertThat(ENGLISH.howLong(7199)).isEqualTo("120 minutes");
        assertThat(ENGLISH.howLong(7200)).isEqualTo("2 hours");
        assertThat(ENGLISH.howLong(86_400)).isEqualTo("24 hours");
        assertThat(ENGLISH.howLong(0)).isEqualTo("1 second");

        assertThat(DUTCH.howLong(1)).isEqualTo("1 seconde");
        assertThat(DUTCH.howLong(60)).isEqualTo("60 seconden");
        assertThat(DUTCH.howLong(3600)).isEqualTo("60 minuten");
        assertThat(DUTCH.howLong(3601)).isEqualTo("61 minuten");
        assertThat(DUTCH.howLong(10_800)).isEqualTo("3 uur");
    }

    /** A text added in English only would show English in the middle of a Dutch page. */
    @Test
    void everyTextHasADutchTranslationAndNothingElse() throws IOException {
        Properties dutch = new Properties();
        try (Reader file = new InputStreamReader(getClass().getResourceAsStream("/messages/msg_nl.properties"),
                StandardCharsets.UTF_8)) {
            dutch.load(file);
        }
        Set<String> english = Arrays.stream(WizardMessages.class.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(Message.class))
                .map(Method::getName)
                .collect(Collectors.toSet());
        assertThat(dutch.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(english);
        assertThat(english).contains("accountLabel", "moreInfo", "moreInfoWhy", "moreInfoWhat", "switchAccount",
                "finish", "closePage");
    }

    @Test
    void aSendLimitWithoutRetryAfterStillSaysWhatToDo() {
        assertThat(ENGLISH.explain(SetupError.SEND_LIMITED, null))
                .isEqualTo("We cannot send another code to this number just now. Please ask for a new code later.");
        assertThat(DUTCH.explain(SetupError.SEND_LIMITED, 30))
                .isEqualTo("We kunnen nu geen nieuwe code naar dit nummer sturen. U kunt over 30 seconden een nieuwe code aanvragen.");
        assertThat(DUTCH.explain(SetupError.CODE_LOCKED, null)).contains("werkt deze code niet meer");
    }
}
