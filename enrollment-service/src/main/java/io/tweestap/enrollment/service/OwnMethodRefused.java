package io.tweestap.enrollment.service;

/** Why the user's own methods page refused an action; the page explains it in the user's language. */
public class OwnMethodRefused extends RuntimeException {

    public enum Reason {
        /** The method is not (any more) one of this user's, or not of the kind the action needs. */
        NOT_FOUND,
        /** A device name must be 1 to 64 characters without control characters. */
        NAME_INVALID,
        /** Removing it would leave the user without a method the tenant's policy requires. */
        LAST_METHOD,
        /** Only a verified, unblocked method can be the default. */
        NOT_USABLE,
        /** A move to a new phone is under way that this start cannot continue; it ends first (decision 0094). */
        MOVE_UNDER_WAY,
        /** Only a verified, unblocked authenticator can approve a move to a new phone. */
        MOVE_NOT_POSSIBLE
    }

    private final Reason reason;

    public OwnMethodRefused(Reason reason) {
        super(reason.name(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
