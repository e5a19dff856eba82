package io.tweestap.authenticator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

/** Form-encoded text read as a phone service's journal or an older activation link has it. */
class FormFieldsTest {

    @Test
    void namesAndValuesAreDecodedInTheOrderTheyStand() {
        assertThat(FormFields.of("to=31612345678&text=Uw+code%3A+123456&from=Tweestap"))
                .containsExactly(entry("to", "31612345678"),
                        entry("text", "Uw code: 123456"),
                        entry("from", "Tweestap"));
    }

    @Test
    void aValueMayBeEmptyOrHoldAnEqualsSign() {
        assertThat(FormFields.of("code=&url=https%3A%2F%2Fx.example%2F%3Fa%3Db"))
                .containsEntry("code", "")
                .containsEntry("url", "https://x.example/?a=b");
    }

    @Test
    void aPieceWithoutNameOrEqualsIsNoField() {
        assertThat(FormFields.of("=orphan&flag&&name=value")).containsOnlyKeys("name");
    }

    @Test
    void theLastOfARepeatedNameWins() {
        assertThat(FormFields.of("code=1&code=2")).containsEntry("code", "2").hasSize(1);
    }

    @Test
    void noTextHasNoFields() {
        assertThat(FormFields.of(null)).isEmpty();
        assertThat(FormFields.of("")).isEmpty();
    }
}
