package io.tweestap.enrollment.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweestap.enrollment.domain.SecretToken;
import jakarta.ws.rs.core.NewCookie;
import org.junit.jupiter.api.Test;

/**
 * The cookie flags and headers the wizard uses when browsers reach it over https (the
 * application tests run over http; {@code WizardHardeningTest} checks the rest there).
 */
class WizardCookiesTest {

    @Test
    void overHttpsBothCookiesAreSecureHttpOnlyStrictAndScopedToTheWizard() {
        NewCookie session = WizardCookies.session(SecretToken.generate(), true, 3600);
        NewCookie language = WizardCookies.language("nl", true);

        for (NewCookie cookie : new NewCookie[] {session, language}) {
            assertThat(cookie.isSecure()).as(cookie.getName()).isTrue();
            assertThat(cookie.isHttpOnly()).as(cookie.getName()).isTrue();
            assertThat(cookie.getSameSite()).as(cookie.getName()).isEqualTo(NewCookie.SameSite.STRICT);
            assertThat(cookie.getPath()).as(cookie.getName()).isEqualTo("/setup");
        }
        assertThat(session.getMaxAge()).isEqualTo(3600);
    }

    @Test
    void overHttpsTheWizardAsksForStrictTransportSecurityAndOverHttpItDoesNot() {
        assertThat(WizardSecurityHeaders.headers(true)).containsEntry("Strict-Transport-Security", "max-age=31536000");
        assertThat(WizardSecurityHeaders.headers(false)).doesNotContainKey("Strict-Transport-Security");
        assertThat(WizardSecurityHeaders.headers(false)).containsKeys("Content-Security-Policy", "X-Frame-Options",
                "Referrer-Policy", "X-Content-Type-Options", "Cache-Control");
    }
}
