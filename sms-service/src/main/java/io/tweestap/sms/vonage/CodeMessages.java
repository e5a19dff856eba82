package io.tweestap.sms.vonage;

import io.tweestap.sms.domain.Language;
import io.tweestap.sms.domain.SmsCode;

/** What the user reads in the SMS or hears on the call, in their language. */
final class CodeMessages {

    private CodeMessages() {
    }

    static String smsText(Language language, SmsCode code) {
        long minutes = code.lifetime().toMinutes();
        // A tenant may give its codes a single minute (decision 0102).
        return switch (language) {
            case NL -> "Uw Tweestap-code is " + code.digits() + ". Deze code is " + minutes
                    + (minutes == 1 ? " minuut" : " minuten") + " geldig. Deel hem met niemand.";
            case EN -> "Your Tweestap code is " + code.digits() + ". It is valid for " + minutes
                    + (minutes == 1 ? " minute" : " minutes") + ". Never share it.";
        };
    }

    /** Read twice, because a listener often misses the first digits while picking up. */
    static String spokenText(Language language, SmsCode code) {
        String digits = code.spokenDigits();
        return switch (language) {
            case NL -> "Dit is Tweestap. Uw code is: " + digits + ". Ik herhaal: " + digits + ".";
            case EN -> "This is Tweestap. Your code is: " + digits + ". I repeat: " + digits + ".";
        };
    }
}
