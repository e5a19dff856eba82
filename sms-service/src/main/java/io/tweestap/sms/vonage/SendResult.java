package io.tweestap.sms.vonage;

/** What Vonage answered to one SMS submission or call request. */
public sealed interface SendResult {

    /** Vonage took it; providerId is the SMS message-id or the call uuid. */
    record Accepted(String providerId) implements SendResult {
    }

    /** Over the account's rate: nothing was sent; worth trying again shortly. */
    record Throttled(String detail) implements SendResult {
    }

    /** Vonage refused it or could not be reached: nothing was sent. */
    record Failed(String reason) implements SendResult {
    }

    /**
     * The request went out but no answer came within the timeout (or the connection broke after it
     * was sent): Vonage may have sent the code or not, so it must be neither sent again nor called
     * failed (decision 0078).
     */
    record Unanswered(String reason) implements SendResult {
    }
}
