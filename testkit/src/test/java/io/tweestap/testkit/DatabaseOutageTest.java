package io.tweestap.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The forwarder the outage tests stand on: it reaches the machine's PostgreSQL, cuts a connection
 * that is open when the outage begins, refuses new ones while it lasts, and listens on the same
 * port again when it ends — also when the outage ends the moment it began, which once failed in CI
 * with "Address already in use".
 */
class DatabaseOutageTest {

    private final DatabaseOutage outage = new DatabaseOutage();
    private int port;

    @BeforeEach
    void start() {
        outage.init(Map.of("database", "postgres"));
        String url = outage.start().get("quarkus.datasource.reactive.url");
        port = Integer.parseInt(url.replaceFirst("^postgresql://[^:]+:(\\d+)/.*$", "$1"));
    }

    @AfterEach
    void stop() {
        outage.stop();
    }

    @Test
    void anOutageThatEndsTheMomentItBeganLeavesTheDatabaseReachableOnTheSamePort() throws Exception {
        for (int round = 0; round < 200; round++) {
            try (Socket open = new Socket(InetAddress.getLoopbackAddress(), port)) {
                assertThat(serverAnswersSslRequest(open)).isTrue();
                outage.begin();
                outage.end();
                assertThat(serverAnswersSslRequest(open)).as("a connection open when the outage began is cut").isFalse();
            }
        }
        try (Socket after = new Socket(InetAddress.getLoopbackAddress(), port)) {
            assertThat(serverAnswersSslRequest(after)).isTrue();
        }
    }

    @Test
    void whileTheOutageLastsNewConnectionsAreRefused() {
        outage.begin();
        try {
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close()).isInstanceOf(IOException.class);
        } finally {
            outage.end();
        }
    }

    /** PostgreSQL answers an SSLRequest with one byte, 'S' or 'N'; a cut connection answers nothing. */
    private static boolean serverAnswersSslRequest(Socket socket) {
        try {
            socket.setSoTimeout(5_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(8);
            out.writeInt(80877103);
            out.flush();
            int answer = socket.getInputStream().read();
            return answer == 'S' || answer == 'N';
        } catch (IOException cut) {
            return false;
        }
    }
}
