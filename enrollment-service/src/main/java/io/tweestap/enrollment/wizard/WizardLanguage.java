package io.tweestap.enrollment.wizard;

import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.MessageBundles;
import io.tweestap.enrollment.service.SetupError;
import java.util.List;
import java.util.Locale;

/**
 * The wizard's language: an explicit choice (the switch, remembered in a cookie) wins, else the
 * browser's Accept-Language, else English. The browser locale's country is also the default
 * region of the phone step.
 */
public record WizardLanguage(String code, String region) {

    static final List<String> SUPPORTED = List.of("nl", "en");

    public static WizardLanguage resolve(String chosen, String cookie, String acceptLanguage) {
        String region = regionOf(acceptLanguage);
        for (String candidate : new String[] {chosen, cookie}) {
            if (candidate != null && SUPPORTED.contains(candidate)) {
                return new WizardLanguage(candidate, region);
            }
        }
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            try {
                for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
                    String language = range.getRange().split("-")[0].toLowerCase(Locale.ROOT);
                    if (SUPPORTED.contains(language)) {
                        return new WizardLanguage(language, region);
                    }
                }
            } catch (IllegalArgumentException ignored) {
                // A malformed header is the browser's problem; fall back to English.
            }
        }
        return new WizardLanguage("en", region);
    }

    /** The first country named in Accept-Language (nl-NL, en-US); Dutch speakers default to NL. */
    static String regionOf(String acceptLanguage) {
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            try {
                for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
                    String[] parts = range.getRange().split("-");
                    if (parts.length > 1 && parts[1].length() == 2) {
                        return parts[1].toUpperCase(Locale.ROOT);
                    }
                }
                if (acceptLanguage.toLowerCase(Locale.ROOT).startsWith("nl")) {
                    return "NL";
                }
            } catch (IllegalArgumentException ignored) {
                // fall through to the default region
            }
        }
        return "NL";
    }

    /**
     * A wait as people say it: sms-service's Retry-After runs from seconds (cooldown) to hours
     * (daily number limit), and "86400 seconds" helps nobody. Rounded up, so nobody comes back early.
     */
    public String howLong(int seconds) {
        WizardMessages msg = messages();
        if (seconds < 120) {
            return msg.waitSeconds(Math.max(seconds, 1));
        }
        if (seconds < 2 * 3600) {
            return msg.waitMinutes((seconds + 59) / 60);
        }
        return msg.waitHours((seconds + 3599) / 3600);
    }

    public Locale locale() {
        return Locale.forLanguageTag(code);
    }

    public WizardMessages messages() {
        return MessageBundles.get(WizardMessages.class, Localized.Literal.of(code));
    }

    /** The explanation of an error in this language, with its detail (attempts left, seconds to wait). */
    public String explain(SetupError error, Integer detail) {
        WizardMessages msg = messages();
        return switch (error) {
            case LINK_EXPIRED -> msg.errLinkExpired();
            case LINK_USED -> msg.errLinkUsed();
            case LINK_UNKNOWN -> msg.errLinkUnknown();
            case SESSION_EXPIRED -> msg.errSessionExpired();
            case SETUP_ENDED -> msg.errSetupEnded();
            case DEVICE_NOT_ANSWERING -> msg.errDeviceNotAnswering();
            case TEST_DENIED -> msg.errTestDenied();
            case TEST_WRONG_NUMBER -> msg.errTestWrongNumber();
            case PUSHES_BLOCKED -> msg.errPushesBlocked();
            case TEST_PUSH_LIMITED -> detail == null ? msg.errTestPushLimited()
                    : msg.errTestPushLimited() + " " + msg.retryAfter(howLong(detail));
            case INVALID_NUMBER -> msg.errInvalidNumber();
            case WRONG_CODE -> detail == null ? msg.errWrongCode() : msg.errWrongCode() + " " + msg.attemptsLeft(detail);
            case CODE_EXPIRED -> msg.errCodeExpired();
            case CODE_LOCKED -> msg.errCodeLocked();
            case TOO_MANY_ATTEMPTS -> detail == null ? msg.errTooManyAttempts()
                    : msg.errTooManyAttempts() + " " + msg.retryAfter(howLong(detail));
            case SEND_LIMITED -> detail == null ? msg.errSendLimited() + " " + msg.newCodeLater()
                    : msg.errSendLimited() + " " + msg.newCodeIn(howLong(detail));
            case SERVICE_UNAVAILABLE -> msg.errServiceUnavailable();
        };
    }
}
