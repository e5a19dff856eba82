package io.tweestap.api.logging;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Escapes control characters in every log record before a handler formats it, so no text from
 * outside (a header, a body field, a token claim, an exception quoting input) can break a log
 * line in two or forge the next one (decision 0016). The message is formatted here with its
 * parameters and stored already formatted; the exception is swapped for an escaped stand-in.
 *
 * <p>Enabled per handler in each service's {@code application.properties}:
 * {@code quarkus.log.console.filter=control-characters} (and {@code quarkus.log.file.filter}).
 * Escaping is idempotent, so two handlers sharing one record do no harm.
 */
@LoggingFilter(name = ControlCharacterFilter.NAME)
public final class ControlCharacterFilter implements Filter {

    public static final String NAME = "control-characters";

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            String formatted = ext.getFormattedMessage();
            if (ext.getParameters() != null || LogText.needsEscaping(formatted)) {
                ext.setMessage(LogText.escape(formatted), ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        } else if (LogText.needsEscaping(record.getMessage()) || record.getParameters() != null) {
            record.setMessage(LogText.escape(new java.util.logging.SimpleFormatter().formatMessage(record)));
            record.setParameters(null);
        }
        record.setThrown(EscapedThrowable.of(record.getThrown()));
        return true;
    }
}
