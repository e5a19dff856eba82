package io.tweestap.authenticator.cli;

/** A reason to stop that is the person's to fix, already in their language. */
final class Refusal extends RuntimeException {
    final int exitCode;

    Refusal(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }
}
