package io.tweestap.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Decision 0080: which failures mean "the database is away" (a 503 to retry) and which do not. */
class DatabaseAwayTest {

    @Test
    void connectionFailuresWrappedAsHibernateReactiveAndMutinyDoAreTheDatabaseAway() {
        assertThat(DatabaseAway.explains(new CompletionException(new IllegalStateException("session",
                new ConnectException("Connection refused"))))).isTrue();
        assertThat(DatabaseAway.explains(new NoStackTraceThrowable("Connection is not active now, current status: CLOSED"))).isTrue();
        assertThat(DatabaseAway.explains(new VertxException("Connection closed"))).isTrue();
        assertThat(DatabaseAway.explains(new NoStackTraceThrowable("Timeout"))).as("no pooled connection in time").isTrue();
        assertThat(DatabaseAway.explains(io.vertx.sqlclient.ClosedConnectionException.INSTANCE)).isTrue();
    }

    @Test
    void serverStatesOfARestartFailoverOrFullServerAreTheDatabaseAway() {
        for (String state : new String[] {"57P01", "57P02", "57P03", "08006", "53300", "25006"}) {
            assertThat(DatabaseAway.explains(new CompletionException(new PgException("FATAL", "FATAL", state, null))))
                    .as(state).isTrue();
        }
    }

    /** A PostgreSQL that stops resets its connections; the JDK reports that as a bare IOException. */
    @Test
    void aConnectionTheDatabaseResetIsTheDatabaseAway() {
        assertThat(DatabaseAway.explains(new CompletionException(new java.io.IOException("Connection reset by peer")))).isTrue();
        assertThat(DatabaseAway.explains(new java.io.IOException("Broken pipe"))).isTrue();
        assertThat(DatabaseAway.explains(new java.io.IOException("No space left on device"))).isFalse();
        assertThat(DatabaseAway.explains(new java.io.UncheckedIOException(new java.io.FileNotFoundException("Connection reset.json"))))
                .isFalse();
    }

    @Test
    void whatTheRequestOrTheCodeDidIsNot() {
        assertThat(DatabaseAway.explains(new PgException("duplicate key", "ERROR", "23505", null))).isFalse();
        assertThat(DatabaseAway.explains(new PgException("canceling statement due to statement timeout", "ERROR", "57014", null)))
                .isFalse();
        assertThat(DatabaseAway.explains(new IllegalStateException("a bug"))).isFalse();
        assertThat(DatabaseAway.explains(new VertxException("Something else closed"))).isFalse();
        assertThat(DatabaseAway.explains(new NoStackTraceThrowable("Timeout waiting for the device"))).isFalse();
    }
}
