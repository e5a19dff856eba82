package io.tweestap.enrollment.wizard;

import jakarta.ws.rs.CookieParam;

/** A request of the wizard (a {@code @BeanParam}): its session is the wizard's session cookie. */
public class WizardVisit extends PageVisit {

    @CookieParam(WizardCookies.SESSION)
    String sessionCookie;

    @Override
    String sessionToken() {
        return sessionCookie;
    }
}
