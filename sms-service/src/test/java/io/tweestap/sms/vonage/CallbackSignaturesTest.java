package io.tweestap.sms.vonage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Outside the dev and test profiles the service does not start without the signature secret, or with a throwaway one. */
class CallbackSignaturesTest {

    @Test
    void withoutASecretOnlyTheDevAndTestProfilesStart() {
        assertThat(CallbackSignatures.startProblem(List.of("prod"), Optional.empty()))
                .hasValueSatisfying(problem -> assertThat(problem)
                        .contains("tweestap.vonage.signature-secret", "TWEESTAP_VONAGE_SIGNATURE_SECRET"));
        assertThat(CallbackSignatures.startProblem(List.of("prod"), Optional.of("  "))).isPresent();
        assertThat(CallbackSignatures.startProblem(List.of("staging"), Optional.empty())).isPresent();
        assertThat(CallbackSignatures.startProblem(List.of("dev"), Optional.empty())).isEmpty();
        assertThat(CallbackSignatures.startProblem(List.of("test"), Optional.empty())).isEmpty();
        assertThat(CallbackSignatures.startProblem(List.of("prod"), Optional.of("dev-only-vonage-signature-secret")))
                .isPresent();
        assertThat(CallbackSignatures.startProblem(List.of("prod"), Optional.of("s3cr3t-of-the-account"))).isEmpty();
    }
}
