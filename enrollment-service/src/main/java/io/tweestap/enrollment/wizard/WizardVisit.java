package io.tweestap.enrollment.wizard;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * What every request of the wizard carries (a {@code @BeanParam}): the session cookie and the
 * language choices: {@code ?lang=}, the language cookie, Accept-Language.
 */
public class WizardVisit {

    @CookieParam(WizardCookies.SESSION)
    String sessionToken;

    @QueryParam("lang")
    String langChoice;

    @CookieParam(WizardCookies.LANGUAGE)
    String langCookie;

    @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE)
    String acceptLanguage;

    public WizardVisit() {
    }

    WizardVisit(String sessionToken, String langChoice, String langCookie, String acceptLanguage) {
        this.sessionToken = sessionToken;
        this.langChoice = langChoice;
        this.langCookie = langCookie;
        this.acceptLanguage = acceptLanguage;
    }

    String sessionToken() {
        return sessionToken;
    }

    /** The {@code ?lang=} of this request; a choice the page then keeps in the language cookie. */
    String langChoice() {
        return langChoice;
    }

    WizardLanguage language() {
        return WizardLanguage.resolve(langChoice, langCookie, acceptLanguage);
    }

    /** The same visit on the session a link just opened. */
    WizardVisit withSession(String token) {
        return new WizardVisit(token, langChoice, langCookie, acceptLanguage);
    }

    /** A form post: its language comes from the cookie and Accept-Language only, never from {@code ?lang=}. */
    WizardVisit forForm() {
        return new WizardVisit(sessionToken, null, langCookie, acceptLanguage);
    }

    /** The CSRF token of the visit's forms, derived from the session secret (empty without a session). */
    String csrfToken() {
        return sessionToken == null ? "" : FormToken.of(sessionToken);
    }
}
