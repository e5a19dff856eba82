package io.tweestap.enrollment.wizard;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * What every request of a setup page carries: the page's session and the language choices
 * ({@code ?lang=}, the language cookie, Accept-Language), so the wizard and the methods page speak
 * the same language. The two pages differ only in the cookie that holds their session: a request
 * arrives as a {@link WizardVisit} or a {@link MethodsVisit} ({@code @BeanParam}s), and what a page
 * derives from it (a form's view, the visit on a new session) is a plain {@code PageVisit}.
 */
public class PageVisit {

    @QueryParam("lang")
    String langChoice;

    @CookieParam(WizardCookies.LANGUAGE)
    String langCookie;

    @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE)
    String acceptLanguage;

    private String session;

    PageVisit() {
    }

    private PageVisit(String session, String langChoice, String langCookie, String acceptLanguage) {
        this.session = session;
        this.langChoice = langChoice;
        this.langCookie = langCookie;
        this.acceptLanguage = acceptLanguage;
    }

    /** The page session's secret (null without one). */
    String sessionToken() {
        return session;
    }

    /** The {@code ?lang=} of this request; a choice the page then keeps in the language cookie. */
    String langChoice() {
        return langChoice;
    }

    WizardLanguage language() {
        return WizardLanguage.resolve(langChoice, langCookie, acceptLanguage);
    }

    /** The same visit on the session a link just opened. */
    PageVisit withSession(String token) {
        return new PageVisit(token, langChoice, langCookie, acceptLanguage);
    }

    /** A form post: its language comes from the cookie and Accept-Language only, never from {@code ?lang=}. */
    PageVisit forForm() {
        return new PageVisit(sessionToken(), null, langCookie, acceptLanguage);
    }

    /** The CSRF token of the page's forms, derived from the session secret (empty without a session). */
    String csrfToken() {
        String token = sessionToken();
        return token == null ? "" : FormToken.of(token);
    }
}
