package io.tweestap.enrollment.wizard;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.quarkus.qute.TemplateData;
import java.text.Collator;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Every region libphonenumber knows, with its dialling code, named and sorted in the user's language. */
public final class PhoneRegions {

    @TemplateData
    public record Region(String code, String name, int diallingCode, boolean selected) {
    }

    private PhoneRegions() {
    }

    public static boolean known(String code) {
        return code != null && PhoneNumberUtil.getInstance().getSupportedRegions().contains(code);
    }

    public static List<Region> all(Locale language, String selected) {
        PhoneNumberUtil numbers = PhoneNumberUtil.getInstance();
        Collator collator = Collator.getInstance(language);
        String chosen = known(selected) ? selected : "NL";
        return numbers.getSupportedRegions().stream()
                .map(code -> new Region(code, new Locale("", code).getDisplayCountry(language),
                        numbers.getCountryCodeForRegion(code), code.equals(chosen)))
                .sorted(Comparator.comparing(Region::name, collator))
                .toList();
    }
}
