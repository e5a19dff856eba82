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

    /**
     * "+352621123456", "+353831234567" or "+4915112345678": a fresh Luxembourg ("LU"), Irish ("IE") or
     * German ("DE") mobile number in E.164, whose 8-digit prefix is random too. Only the per-region
     * limit tests send there.
     */
    static String mobile(String region) {
        while (true) {
            String number = switch (region) {
                // libphonenumber's LU mobile ranges: 6 + 21, 28, 51, 58, 61, 68, 71, 78, 81, 91, 98 ...
                case "LU" -> "+352" + pick("621", "628", "651", "658", "661", "668", "671", "678", "681", "691",
                        "698") + String.format("%06d", RANDOM.nextInt(1_000_000));
                // IE mobile: 083, 085-089, 7 digits after.
                case "IE" -> "+3538" + pick("3", "5", "6", "7", "8", "9")
                        + String.format("%07d", RANDOM.nextInt(10_000_000));
                // DE mobile: 0151, 0152, 0160 and 8 digits.
                case "DE" -> "+49" + pick("151", "152", "160") + String.format("%08d", RANDOM.nextInt(100_000_000));
                default -> throw new IllegalArgumentException(region);
            };
            if (!number.endsWith("0429") && !number.endsWith("0500")) {
                return number;
            }
        }
    }

    /** "+352621123456" -> "352621123456"; the prefix the velocity limit counts is its first 8 digits. */
    static String msisdnOfE164(String e164) {
        return e164.substring(1);
    }

    private static String pick(String... options) {
        return options[RANDOM.nextInt(options.length)];
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
