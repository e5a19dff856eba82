package io.tweestap.enrollment.wizard;

import jakarta.ws.rs.CookieParam;

/** A request of the user's methods page (a {@code @BeanParam}): its session is the page's own cookie. */
public class MethodsVisit extends PageVisit {

    @CookieParam(WizardCookies.METHODS)
    String sessionCookie;

    @Override
    String sessionToken() {
        return sessionCookie;
    }
}
