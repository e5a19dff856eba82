package io.tweestap.sms;

import java.security.SecureRandom;

/** Fresh Dutch mobile numbers, so that the per-number and per-prefix limits of one test never touch another's. */
final class TestNumbers {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestNumbers() {
    }

    /** "0612345678": as a Dutch user types it (national format, region NL). */
    static String dutchMobile() {
        while (true) {
            // 06-1 to 06-5 are the ranges libphonenumber knows as Dutch mobile numbers.
            String subscriber = (1 + RANDOM.nextInt(5)) + String.format("%07d", RANDOM.nextInt(10_000_000));
            // 0429 and 0500 endings make the sandbox answer "throttled" and "internal error".
            if (!subscriber.endsWith("0429") && !subscriber.endsWith("0500")) {
                return "06" + subscriber;
            }
        }
    }

    /** A number in the same 8-digit prefix as {@code national}, e.g. for the pumping test. */
    static String sameRange(String national, int lastDigits) {
        return national.substring(0, 7) + String.format("%03d", lastDigits);
    }

    /** "0612345678" -> "31612345678", the form Vonage gets. */
    static String msisdn(String national) {
        return "31" + national.substring(1);
    }
}
