package io.tweestap.enrollment.domain;

/**
 * The calling platform's pages the wizard links out to: where "Done" returns the person
 * ({@code returnUrl}) and where "Use a different account" sends them ({@code switchAccountUrl}).
 * Either may be absent. They come only from the platform's authenticated call, checked by
 * {@code rest.PlatformPageUrl}, never from the browser (decision 0039).
 */
public record PlatformPages(String returnUrl, String switchAccountUrl) {

    public static final PlatformPages NONE = new PlatformPages(null, null);
}
