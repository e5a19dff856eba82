package io.tweestap.sms.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber;
import io.tweestap.sms.config.SmsSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a number the way the user typed it (national with a region, or E.164) and decides whether we
 * may send to it, before anything is stored or sent.
 */
@ApplicationScoped
public class PhoneNumberRules {

    /** Numbers that cost the caller's organisation money or reach nobody in particular: never. */
    private static final Set<PhoneNumberType> NEVER = Set.of(PhoneNumberType.PREMIUM_RATE,
            PhoneNumberType.SHARED_COST, PhoneNumberType.TOLL_FREE, PhoneNumberType.UAN,
            PhoneNumberType.VOICEMAIL, PhoneNumberType.PAGER);
    private static final Set<PhoneNumberType> SMS_CAPABLE = Set.of(PhoneNumberType.MOBILE,
            PhoneNumberType.FIXED_LINE_OR_MOBILE);
    private static final Set<PhoneNumberType> VOICE_CAPABLE = Set.of(PhoneNumberType.MOBILE,
            PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.FIXED_LINE);

    private static final PhoneNumberUtil NUMBERS = PhoneNumberUtil.getInstance();

    @Inject
    SmsSettings settings;

    /** A number that may be sent to over the channel, or a refusal. */
    public PhoneNumber accept(String tenantId, String regionCode, String typed, Channel channel) {
        PhoneNumber number = read(regionCode, typed);
        if (NEVER.contains(number.type())) {
            throw new NumberRefused(SendRefusal.PREMIUM_OR_SPECIAL_NUMBER, number.masked());
        }
        if (!settings.allowedRegions(tenantId).contains(number.regionCode())) {
            throw new NumberRefused(SendRefusal.COUNTRY_NOT_ALLOWED, number.masked());
        }
        if (!(channel == Channel.SMS ? SMS_CAPABLE : VOICE_CAPABLE).contains(number.type())) {
            throw new NumberRefused(channel == Channel.SMS ? SendRefusal.NOT_A_MOBILE_NUMBER
                    : SendRefusal.NOT_CALLABLE, number.masked());
        }
        return number;
    }

    /** Re-reads a stored E.164 number, e.g. for a sign-in code to an already verified phone. */
    public PhoneNumber stored(String e164) {
        return read(null, e164);
    }

    private static PhoneNumber read(String regionCode, String typed) {
        String region = regionCode == null ? null : regionCode.toUpperCase(Locale.ROOT);
        Phonenumber.PhoneNumber parsed;
        try {
            parsed = NUMBERS.parse(typed, region);
        } catch (NumberParseException e) {
            throw new NumberRefused(SendRefusal.INVALID_NUMBER, null);
        }
        String numberRegion = NUMBERS.getRegionCodeForNumber(parsed);
        if (numberRegion == null || !NUMBERS.isValidNumber(parsed)) {
            throw new NumberRefused(SendRefusal.INVALID_NUMBER, null);
        }
        return new PhoneNumber(NUMBERS.format(parsed, PhoneNumberFormat.E164), numberRegion,
                NUMBERS.getNumberType(parsed), mask(parsed));
    }

    /** "+31 6 ****5678": country code, first digit and last four; enough to recognise, too little to dial. */
    static String mask(Phonenumber.PhoneNumber number) {
        String national = NUMBERS.getNationalSignificantNumber(number);
        int hidden = Math.max(0, national.length() - 5);
        return "+" + number.getCountryCode() + " " + national.charAt(0) + " " + "*".repeat(hidden)
                + national.substring(national.length() - Math.min(4, national.length() - 1));
    }

    /** The number (or what was typed) cannot or may not be sent to. */
    public static final class NumberRefused extends RuntimeException {

        private final SendRefusal refusal;
        private final String maskedNumber;

        NumberRefused(SendRefusal refusal, String maskedNumber) {
            super(refusal.name(), null, false, false);
            this.refusal = refusal;
            this.maskedNumber = maskedNumber;
        }

        public SendRefusal refusal() {
            return refusal;
        }

        /** Null when nothing valid could be read. */
        public String maskedNumber() {
            return maskedNumber;
        }
    }
}
