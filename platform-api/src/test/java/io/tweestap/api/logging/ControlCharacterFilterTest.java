package io.tweestap.api.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.Test;

class ControlCharacterFilterTest {

    private static final String FORGED = "anna@acme.example\r\n12:00:00.000 INFO  [i.t.e.EnrollmentService] user anna approved";

    private final ControlCharacterFilter filter = new ControlCharacterFilter();
    // The services' console format.
    private final PatternFormatter formatter = new PatternFormatter("%d{HH:mm:ss.SSS} %-5p [%c{2.}] %s%e%n");

    @Test
    void aParameterWithCarriageReturnAndLineFeedStaysOnOneLine() {
        ExtLogRecord record = record("Wizard opened for %s", ExtLogRecord.FormatStyle.PRINTF, FORGED);

        String line = logged(record);

        assertThat(line.lines()).hasSize(1);
        assertThat(line).contains("Wizard opened for anna@acme.example\\r\\n12:00:00.000 INFO");
    }

    @Test
    void messageFormatParametersAndTheMessageItselfAreEscapedToo() {
        assertThat(logged(record("user {0}\tlogged", ExtLogRecord.FormatStyle.MESSAGE_FORMAT, FORGED)).lines()).hasSize(1);
        assertThat(logged(record("line\none\u2028two\u0000", ExtLogRecord.FormatStyle.NO_FORMAT)))
                .contains("line\\none\\u2028two\\u0000");
    }

    @Test
    void anExceptionQuotingInputPrintsItsMessageOnOneLineAndKeepsItsTrace() {
        ExtLogRecord record = record("Could not read the body", ExtLogRecord.FormatStyle.NO_FORMAT);
        IllegalArgumentException cause = new IllegalArgumentException("bad value '" + FORGED + "'");
        record.setThrown(new IllegalStateException("wrapped", cause));

        String logged = logged(record);

        assertThat(logged).contains("java.lang.IllegalStateException: wrapped",
                "Caused by: java.lang.IllegalArgumentException: bad value 'anna@acme.example\\r\\n12:00:00.000 INFO",
                "at io.tweestap.api.logging.ControlCharacterFilterTest");
        assertThat(logged.lines()).noneMatch(l -> l.startsWith("12:00:00.000 INFO"));
    }

    @Test
    void textWithoutControlCharactersIsLoggedAsItWas() {
        ExtLogRecord record = record("Sent %d codes to %s", ExtLogRecord.FormatStyle.PRINTF, 3, "NL");
        IllegalStateException thrown = new IllegalStateException("plain");
        record.setThrown(thrown);

        assertThat(logged(record)).contains("Sent 3 codes to NL");
        assertThat(record.getThrown()).isSameAs(thrown);
    }

    @Test
    void escapingTwiceChangesNothingMore() {
        ExtLogRecord record = record("%s", ExtLogRecord.FormatStyle.PRINTF, FORGED);
        filter.isLoggable(record);
        String once = record.getFormattedMessage();
        filter.isLoggable(record);
        assertThat(record.getFormattedMessage()).isEqualTo(once);
    }

    private String logged(ExtLogRecord record) {
        assertThat(filter.isLoggable(record)).isTrue();
        return formatter.format(record);
    }

    private static ExtLogRecord record(String message, ExtLogRecord.FormatStyle style, Object... parameters) {
        ExtLogRecord record = new ExtLogRecord(Level.INFO, message, style, ControlCharacterFilterTest.class.getName());
        record.setLoggerName("io.tweestap.enrollment.service.EnrollmentService");
        record.setParameters(parameters.length == 0 ? null : parameters);
        return record;
    }
}
