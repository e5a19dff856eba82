package io.tweestap.sms.domain;

import io.tweestap.sms.domain.CodeSend.Status;

/**
 * The life of one send (an SMS or a call with a code) in one place: what each answer about it does.
 * Vonage's answer to the send call, its delivery receipt or call event, and the sweeper that finds
 * a send whose answer was never recorded all go through {@link #after}.
 *
 * <pre>
 * PENDING ──accepted──▶ SUBMITTED ──delivered──▶ DELIVERED
 *    │                      └──────undelivered──▶ UNDELIVERED
 *    ├──refused──▶ REJECTED
 *    └──no answer──▶ UNCONFIRMED ──(a late answer still settles it)──▶ SUBMITTED / DELIVERED / UNDELIVERED / REJECTED
 * </pre>
 *
 * The first final state (DELIVERED, UNDELIVERED, REJECTED) wins: answers after it change nothing.
 * A failure is reported ({@code SmsDeliveryFailed}) at most once per send: when it leaves PENDING
 * unanswered or refused, or when a send that was not already reported unconfirmed is not delivered.
 */
public final class SendStates {

    /** What can be learnt about a send. */
    public enum Answer {
        /** Vonage took the send (it answered the call with a message or call id). */
        ACCEPTED,
        /** Vonage refused or throttled it: nothing went out. */
        REFUSED,
        /** No answer: the call timed out, or the sweeper found the send PENDING too long. It may have gone out. */
        NO_ANSWER,
        /** The receipt or call event says it reached the phone. */
        DELIVERED,
        /** The receipt or call event says it did not. */
        UNDELIVERED
    }

    /** The state after an answer, and whether the failure it brings is to be reported. */
    public record Step(Status next, boolean reportFailure) {
    }

    private SendStates() {
    }

    public static Step after(Status current, Answer answer) {
        boolean undecided = current == Status.PENDING || current == Status.UNCONFIRMED;
        boolean open = undecided || current == Status.SUBMITTED;
        return switch (answer) {
            case ACCEPTED -> new Step(undecided ? Status.SUBMITTED : current, false);
            // From UNCONFIRMED the failure was reported when it became so: once is enough.
            case REFUSED -> new Step(undecided ? Status.REJECTED : current, current == Status.PENDING);
            case NO_ANSWER -> current == Status.PENDING ? new Step(Status.UNCONFIRMED, true) : new Step(current, false);
            case DELIVERED -> new Step(open ? Status.DELIVERED : current, false);
            case UNDELIVERED -> new Step(open ? Status.UNDELIVERED : current, open && current != Status.UNCONFIRMED);
        };
    }

    /** Whether a later answer may still change the send. */
    public static boolean open(Status status) {
        return status == Status.PENDING || status == Status.SUBMITTED || status == Status.UNCONFIRMED;
    }
}
