package io.tweestap.authenticator.cli;

import io.tweestap.authenticator.PushFrame;
import io.tweestap.authenticator.ServiceProblem;
import io.tweestap.authenticator.SignInRequest;

import java.text.MessageFormat;
import java.time.Instant;
import java.util.Locale;
import java.util.ResourceBundle;

/** What the phone's screen says, in Dutch or English (texts in {@code screen*.properties}). */
final class Screen {

    private final ResourceBundle texts;
    private final Locale locale;

    Screen(Locale locale) {
        this.locale = locale;
        this.texts = ResourceBundle.getBundle("io.tweestap.authenticator.cli.screen", locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** {@code --lang}, else the environment's {@code LANG} ({@code nl_NL.UTF-8} → Dutch), else English. */
    static Screen forLanguage(String lang) {
        String chosen = lang != null ? lang : System.getenv().getOrDefault("LANG", "en");
        return new Screen(chosen.toLowerCase(Locale.ROOT).startsWith("nl") ? Locale.forLanguageTag("nl") : Locale.ROOT);
    }

    /** A service's refusal; a blocked device is the person's to take up with the help desk, not a service error. */
    String problem(ServiceProblem problem) {
        return "device-blocked".equals(problem.kind()) ? say("deviceBlocked") : say("problem", problem.getMessage());
    }

    String say(String key, Object... values) {
        String text = texts.getString(key);
        return values.length == 0 ? text : new MessageFormat(text, locale).format(values);
    }

    String request(SignInRequest request, Instant now) {
        StringBuilder text = new StringBuilder(say(request.isEnrollmentTest() ? "testPush" : "signIn"));
        if (request.application() != null) {
            text.append("\n  ").append(pad(say("application"))).append(request.application());
        }
        if (request.location() != null || request.ipAddress() != null) {
            String place = request.location() == null ? "" : request.location();
            String ip = request.ipAddress() == null ? "" : "IP " + request.ipAddress();
            text.append("\n  ").append(pad(say("from"))).append(place).append(place.isEmpty() || ip.isEmpty() ? "" : ", ").append(ip);
        }
        text.append("\n  ").append(pad(say("expiresIn"))).append(say("seconds", request.timeLeft(now).toSeconds()));
        text.append("\n  ").append(pad(say("request"))).append(request.challengeId());
        return text.toString();
    }

    String push(PushFrame frame) {
        return switch (frame.type()) {
            case PushFrame.CHALLENGE_CLOSED -> PushFrame.CANCELLED.equals(frame.outcome())
                    ? say("cancelled", frame.challengeId()) : say("closed", frame.challengeId(), frame.outcome());
            case PushFrame.NEW_DEVICE -> say("newDevice", frame.deviceName(), frame.platform(), frame.registeredAt());
            case PushFrame.ACCESS_PASS -> say("redeemed".equals(frame.action()) ? "accessPassRedeemed" : "accessPassIssued");
            default -> frame.type();
        };
    }

    private static String pad(String label) {
        return String.format("%-16s", label + ":");
    }
}
