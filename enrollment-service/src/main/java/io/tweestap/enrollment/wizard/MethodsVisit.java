package io.tweestap.enrollment.wizard;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * What every request of the methods page carries (a {@code @BeanParam}): its session cookie and
 * the wizard's language choices, so both speak the same language.
 */
public class MethodsVisit {

    @CookieParam(WizardCookies.METHODS)
    String sessionToken;

    @QueryParam("lang")
    String langChoice;

    @CookieParam(WizardCookies.LANGUAGE)
    String langCookie;

    @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE)
    String acceptLanguage;

    public MethodsVisit() {
    }

    private MethodsVisit(String sessionToken, String langChoice, String langCookie, String acceptLanguage) {
        this.sessionToken = sessionToken;
        this.langChoice = langChoice;
        this.langCookie = langCookie;
        this.acceptLanguage = acceptLanguage;
    }

    String sessionToken() {
        return sessionToken;
    }

    String langChoice() {
        return langChoice;
    }

    WizardLanguage language() {
        return WizardLanguage.resolve(langChoice, langCookie, acceptLanguage);
    }

    /** A form post: its language comes from the cookie and Accept-Language only, never from {@code ?lang=}. */
    MethodsVisit forForm() {
        return new MethodsVisit(sessionToken, null, langCookie, acceptLanguage);
    }

    /** The same visit on the page session a link just opened. */
    MethodsVisit withSession(String token) {
        return new MethodsVisit(token, langChoice, langCookie, acceptLanguage);
    }

    /** The CSRF token of the page's forms, derived from the page session secret like the wizard's. */
    String csrfToken() {
        return sessionToken == null ? "" : FormToken.of(sessionToken);
    }
}
