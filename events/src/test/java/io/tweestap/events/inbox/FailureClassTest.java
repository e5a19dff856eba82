package io.tweestap.events.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweestap.events.MalformedEventException;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Which failures hold a record until they pass and which may send it to the dead-letter topic. */
class FailureClassTest {

    @Test
    void anUnreachableOrOverloadedDatabaseIsTransient() {
        assertThat(FailureClass.of(new ConnectException("Connection refused"))).isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClass.of(ClosedConnectionException.INSTANCE)).isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClass.of(new NoStackTraceThrowable("Connection is not active now, current status: CLOSED")))
                .isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClass.of(new VertxException("Timeout", true))).isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClass.of(new java.util.concurrent.TimeoutException())).isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClass.of(new org.apache.kafka.common.errors.TimeoutException("broker away")))
                .isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClass.of(new java.net.SocketException("Connection reset"))).isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClass.of(new java.nio.channels.ClosedChannelException())).isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClass.of(new VertxException("Connection closed", true))).isEqualTo(FailureClass.TRANSIENT);
        // 25006 read_only_sql_transaction: a node a failover has just made a standby.
        for (String state : new String[] {"08006", "53300", "57P01", "57P02", "57P03", "40001", "40P01", "55P03", "58030", "25006"}) {
            assertThat(FailureClass.of(pg(state))).as(state).isEqualTo(FailureClass.TRANSIENT);
        }
    }

    @Test
    void aConnectionTheDatabaseResetIsTransient() {
        assertThat(FailureClass.of(new java.io.IOException("Connection reset by peer"))).isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClass.of(new java.io.IOException("Broken pipe"))).isEqualTo(FailureClass.TRANSIENT);
        assertThat(FailureClass.of(new java.io.IOException("No space left on device"))).isEqualTo(FailureClass.UNEXPECTED);
    }

    @Test
    void aSerializationBugIsNotAnOutageThoughJacksonCallsItAnIOException() {
        // EventJson.write and Pushes.write wrap Jackson's failure so: it fails the same way on every try.
        Throwable jackson = org.assertj.core.api.Assertions.catchThrowable(
                () -> new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(new Object())); // no serializer
        assertThat(jackson).isInstanceOf(java.io.IOException.class);
        assertThat(FailureClass.of(new IllegalStateException("cannot write event", jackson))).isEqualTo(FailureClass.UNEXPECTED);
        assertThat(FailureClass.of(new com.fasterxml.jackson.core.JsonParseException(null, "Unexpected character")))
                .isEqualTo(FailureClass.UNEXPECTED);
        assertThat(FailureClass.of(new java.io.IOException("not a network failure"))).isEqualTo(FailureClass.UNEXPECTED);
    }

    @Test
    void aStatementOrCommitThatFailsOnItsOwnIsNotAnOutage() {
        // 40002 a constraint broken at commit, 57014 query_canceled (statement_timeout): the same next time.
        for (String state : new String[] {"40002", "40003", "57014", "57000"}) {
            assertThat(FailureClass.of(pg(state))).as(state).isEqualTo(FailureClass.UNEXPECTED);
        }
    }

    @Test
    void onlyTheKnownConnectionMessagesOfVertxAreTransient() {
        assertThat(FailureClass.of(new NoStackTraceThrowable("statement timeout of the report exceeded")))
                .isEqualTo(FailureClass.UNEXPECTED);
        assertThat(FailureClass.of(new VertxException("Cursor closed", true))).isEqualTo(FailureClass.UNEXPECTED);
        assertThat(FailureClass.of(new NoStackTraceThrowable("Timeout"))).isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void wrappersAreLookedThrough() {
        // What Hibernate Reactive hands back when the pool cannot connect.
        RuntimeException wrapped = new IllegalStateException("HR000057: Failed",
                new CompletionException(new ConnectException("Connection refused: /127.0.0.1:5432")));
        assertThat(FailureClass.of(wrapped)).isEqualTo(FailureClass.TRANSIENT);
    }

    @Test
    void aRecordThatCanNeverBeAppliedIsPermanentEvenWhenWrapped() {
        assertThat(FailureClass.of(new MalformedEventException("no tenantId"))).isEqualTo(FailureClass.PERMANENT);
        assertThat(FailureClass.of(new CompletionException(new MalformedEventException("unknown device"))))
                .isEqualTo(FailureClass.PERMANENT);
    }

    @Test
    void whatTheDataOrTheCodeGetsWrongIsUnexpected() {
        assertThat(FailureClass.of(pg("23505"))).isEqualTo(FailureClass.UNEXPECTED);
        assertThat(FailureClass.of(pg("42P01"))).isEqualTo(FailureClass.UNEXPECTED);
        assertThat(FailureClass.of(new NullPointerException())).isEqualTo(FailureClass.UNEXPECTED);
        assertThat(FailureClass.of(new NoStackTraceThrowable("value too long"))).isEqualTo(FailureClass.UNEXPECTED);
    }

    @Test
    void transientFailuresAreRetriedForEverWithACappedBackOff() {
        RetrySchedule schedule = new RetrySchedule();
        Duration last = Duration.ZERO;
        for (int i = 0; i < 1000; i++) {
            last = schedule.after(FailureClass.TRANSIENT).orElseThrow();
        }
        assertThat(last).isEqualTo(RetrySchedule.CAP);
        assertThat(RetrySchedule.backOff(1)).isEqualTo(RetrySchedule.FIRST);
        assertThat(RetrySchedule.backOff(2)).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void unexpectedFailuresGetSixTriesAndPermanentOnesNone() {
        RetrySchedule schedule = new RetrySchedule();
        for (int i = 1; i < RetrySchedule.UNEXPECTED_ATTEMPTS; i++) {
            assertThat(schedule.after(FailureClass.UNEXPECTED)).isPresent();
        }
        assertThat(schedule.after(FailureClass.UNEXPECTED)).isEmpty();
        assertThat(new RetrySchedule().after(FailureClass.PERMANENT)).isEmpty();
        // An outage in between does not use up the unexpected budget.
        RetrySchedule mixed = new RetrySchedule();
        for (int i = 0; i < 50; i++) {
            mixed.after(FailureClass.TRANSIENT);
        }
        assertThat(mixed.after(FailureClass.UNEXPECTED)).isPresent();
    }

    private static PgException pg(String sqlState) {
        return new PgException("failure", "ERROR", sqlState, "detail");
    }
}
