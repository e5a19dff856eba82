package io.tweestap.api.logging;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Stands in for a logged exception whose message (or a cause's) holds control characters: it
 * prints as the original ({@code class: message}, same stack trace, causes and suppressed) with
 * the message escaped. Exception messages often quote input ("Unrecognized token 'x\n...'").
 */
final class EscapedThrowable extends Throwable {

    private final String printed;
    private final Throwable cause;

    private EscapedThrowable(Throwable original, Set<Throwable> seen) {
        super(LogText.escape(original.getMessage()), null, true, true);
        seen.add(original);
        this.printed = LogText.escape(original.toString());
        setStackTrace(original.getStackTrace());
        Throwable originalCause = original.getCause();
        this.cause = originalCause == null || seen.contains(originalCause) ? null : new EscapedThrowable(originalCause, seen);
        for (Throwable suppressed : original.getSuppressed()) {
            if (!seen.contains(suppressed)) {
                addSuppressed(new EscapedThrowable(suppressed, seen));
            }
        }
    }

    /** The throwable to log instead of {@code thrown}: itself when nothing in it needs escaping. */
    static Throwable of(Throwable thrown) {
        if (thrown == null || thrown instanceof EscapedThrowable || !needsEscaping(thrown)) {
            return thrown;
        }
        return new EscapedThrowable(thrown, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static boolean needsEscaping(Throwable thrown) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
            if (LogText.needsEscaping(t.toString())) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (needsEscaping(suppressed)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public synchronized Throwable getCause() {
        return cause;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // The original's stack trace is copied in; capturing this constructor's would be wasted work.
        return this;
    }

    @Override
    public String toString() {
        return printed;
    }
}
