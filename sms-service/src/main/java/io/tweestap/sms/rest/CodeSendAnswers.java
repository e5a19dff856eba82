package io.tweestap.sms.rest;

/**
 * The refusals every code send can meet, as the OpenAPI document describes them: the same for a new
 * verification, a resend and a send to a verified phone, since all three go through the same number
 * rules, send limits and Vonage call.
 */
final class CodeSendAnswers {

    static final String NUMBER_REFUSED = "No code is sent to this number: not valid for the region, premium-rate,"
            + " in a country the organisation does not allow, or not reachable on this channel";
    static final String LIMITED = "A send limit (number, range, country, user, organisation) or a wrong-code"
            + " back-off or lock holds; Retry-After says when to try again";
    static final String VONAGE_REFUSED = "Vonage refused the send";
    static final String VONAGE_AWAY = "Vonage is busy or unreachable; try again later";

    private CodeSendAnswers() {
    }
}
