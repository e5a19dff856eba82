package io.tweestap.sms.domain;

/** Every reason sms-service declines to send a code, with the problem type the caller sees. */
public enum SendRefusal {
    INVALID_NUMBER("invalid-phone-number", 422, "The number is not a valid phone number for the given region"),
    PREMIUM_OR_SPECIAL_NUMBER("premium-phone-number", 422, "Codes are never sent to premium-rate, shared-cost, toll-free or similar numbers"),
    COUNTRY_NOT_ALLOWED("country-not-allowed", 422, "Your organisation does not allow codes to numbers in this country"),
    NOT_A_MOBILE_NUMBER("not-a-mobile-number", 422, "SMS codes go to mobile numbers only; use the VOICE channel for a fixed line"),
    NOT_CALLABLE("not-callable", 422, "This kind of number cannot receive a voice call"),
    RESEND_COOLDOWN("resend-cooldown", 429, "A code was sent to this number moments ago; wait before asking again"),
    NUMBER_LIMIT("number-send-limit", 429, "Too many codes were sent to this number recently"),
    NUMBER_PREFIX_VELOCITY("number-prefix-velocity", 429, "Too many codes went to numbers in this range recently"),
    REGION_LIMIT("region-send-limit", 429, "Too many codes went to numbers in this country recently"),
    REGION_TENANT_SHARE("region-tenant-share", 429, "Your organisation has used its share of the codes to this country for now"),
    USER_BUDGET("user-send-budget", 429, "This user has had too many codes today"),
    TENANT_BUDGET("tenant-send-budget", 429, "Your organisation's daily budget of codes is used up"),
    CHECK_BACKOFF("code-check-backoff", 429, "Too many wrong codes in a row; wait before asking for or checking another code"),
    CODES_LOCKED("phone-codes-locked", 429, "Too many wrong codes in a row: codes by SMS or call stay locked for this user until an administrator unlocks them");

    private final String slug;
    private final int status;
    private final String detail;

    SendRefusal(String slug, int status, String detail) {
        this.slug = slug;
        this.status = status;
        this.detail = detail;
    }

    public String slug() {
        return slug;
    }

    public int status() {
        return status;
    }

    public String detail() {
        return detail;
    }
}
