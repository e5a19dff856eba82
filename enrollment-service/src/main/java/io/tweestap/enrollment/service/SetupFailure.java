package io.tweestap.enrollment.service;

/** A {@link SetupError} on its way to the page; {@code detail} carries e.g. attempts left or seconds to wait. */
public class SetupFailure extends RuntimeException {

    private final SetupError error;
    private final Integer detail;

    public SetupFailure(SetupError error) {
        this(error, null);
    }

    public SetupFailure(SetupError error, Integer detail) {
        super(error.name(), null, false, false);
        this.error = error;
        this.detail = detail;
    }

    public SetupError error() {
        return error;
    }

    public Integer detail() {
        return detail;
    }
}
