package io.tweestap.enrollment.wizard;

import io.tweestap.enrollment.config.EnrollmentSettings;
import io.tweestap.enrollment.domain.SecretToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.NewCookie;

/**
 * The wizard's two cookies (decision 0030): the session secret and the language choice (and the
 * methods page's session, decision 0090). All are
 * {@code HttpOnly} (no script reads them), {@code SameSite=Strict}, scoped to {@code /setup}, and
 * {@code Secure} whenever browsers reach the wizard over https.
 */
@ApplicationScoped
public class WizardCookies {

    static final String SESSION = "tweestap_setup";
    static final String LANGUAGE = "tweestap_lang";
    /** The user's own methods page (decision 0090): its own secret, sent only to its own paths. */
    static final String METHODS = "tweestap_methods";
    private static final int YEAR = 365 * 24 * 3600;

    @Inject
    EnrollmentSettings settings;

    NewCookie session(SecretToken token) {
        return session(token, secure(), (int) settings.sessionLifetime().toSeconds());
    }

    NewCookie methods(SecretToken token) {
        return new NewCookie.Builder(METHODS).value(token.value()).path("/setup/methods").httpOnly(true)
                .secure(secure()).sameSite(NewCookie.SameSite.STRICT)
                .maxAge((int) settings.methodsPageLifetime().toSeconds()).build();
    }

    NewCookie language(String code) {
        return language(code, secure());
    }

    static NewCookie session(SecretToken token, boolean secure, int maxAgeSeconds) {
        return new NewCookie.Builder(SESSION).value(token.value()).path("/setup").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(maxAgeSeconds).build();
    }

    static NewCookie language(String code, boolean secure) {
        return new NewCookie.Builder(LANGUAGE).value(code).path("/setup").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).maxAge(YEAR).build();
    }

    /** An explicit {@code tweestap.enrollment.secure-cookies}, else whether the public URL is https. */
    boolean secure() {
        return settings.secureCookies().orElse("https".equals(settings.publicUrl().getScheme()));
    }
}
