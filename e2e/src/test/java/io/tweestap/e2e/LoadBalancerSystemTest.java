package io.tweestap.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12 item 2: HAProxy as the scale-out layout configures it ({@code deploy/local/lib/balancer.sh},
 * decision 0073) in front of two instances of a service: requests go to both; a GET whose instance dies
 * mid-request is answered by the other; a POST that reached a dying instance is never sent again; with
 * no instance ready the answer is a problem with Retry-After; a WebSocket upgrade passes through.
 */
class LoadBalancerSystemTest {

    private static final Path ROOT = Path.of(System.getProperty("tweestap.root", "..")).toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static FakeInstance first;
    private static FakeInstance second;
    private static Path dir;
    private static int front;
    private static int stats;

    @BeforeAll
    static void startBalancer() throws IOException {
        first = new FakeInstance("first");
        second = new FakeInstance("second");
        dir = Files.createTempDirectory("tweestap-balancer-");
        front = freePort();
        stats = freePort();
        balancer("tw_balancer_config \"$1/haproxy.cfg\" \"$2\" \"$1/errors\" \"$3\" && tw_balancer_start \"$1\" \"$1/haproxy.log\"",
                dir.toString(), Integer.toString(stats), "svc:" + front + ":" + first.port() + "," + second.port());
    }

    @AfterAll
    static void stopBalancer() throws IOException {
        if (dir != null) {
            balancer("tw_balancer_stop \"$1\"", dir.toString());
        }
        first.close();
        second.close();
    }

    @BeforeEach
    void bothReady() {
        first.reset();
        second.reset();
        await("both instances UP").atMost(Duration.ofSeconds(30)).until(() -> instances("UP") == 2);
    }

    @Test
    void requestsGoToBothInstances() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(send("GET", "/").statusCode()).isEqualTo(200);
        }
        assertThat(first.requests()).isNotEmpty();
        assertThat(second.requests()).isNotEmpty();
    }

    @Test
    void aGetWhoseInstanceDiesIsAnsweredByTheOther() throws Exception {
        first.dying = true;
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = send("GET", "/flaky");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("second");
        }
        assertThat(first.requests()).as("GETs that met the dying instance").isNotEmpty();
    }

    @Test
    void aPostThatReachedADyingInstanceIsNeverSentAgain() throws Exception {
        first.dying = true;
        int failed = 0;
        for (int i = 0; i < 10; i++) {
            try {
                HttpResponse<String> response = send("POST", "/flaky");
                if (response.statusCode() == 502) {
                    failed++;
                } else {
                    assertThat(response.body()).isEqualTo("second");
                }
            } catch (IOException closedWithoutAnswer) {
                // on a kept-alive connection HAProxy closes it without a 502, as the instance did
                failed++;
            }
        }
        int lost = first.requests().size();
        assertThat(lost).as("POSTs that met the dying instance").isPositive();
        assertThat(failed).as("POSTs the client saw fail").isEqualTo(lost);
        assertThat(second.requests()).as("each POST arrived exactly once, somewhere").hasSize(10 - lost);
    }

    @Test
    void noInstanceReadyIsAProblemWithRetryAfter() throws Exception {
        first.ready = false;
        second.ready = false;
        await("both instances DOWN").atMost(Duration.ofSeconds(30)).until(() -> instances("DOWN") == 2);
        HttpResponse<String> response = send("GET", "/");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(response.body()).contains("\"status\":503");
        assertThat(first.requests()).isEmpty();
        assertThat(second.requests()).isEmpty();
    }

    @Test
    void aWebSocketUpgradePassesThrough() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", front)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/devices/d1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n"
                    + "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("HTTP/1.1 101");
            String header;
            do {
                header = in.readLine();
            } while (header != null && !header.isEmpty());
            out.write("frames both ways\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).isEqualTo("frames both ways");
        }
    }

    private static HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front + path))
                .timeout(Duration.ofSeconds(20)).method(method, HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Instances HAProxy's checks see in {@code status}, not on their way out of it (stats CSV field 18). */
    private static long instances(String status) throws IOException, InterruptedException {
        String csv = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stats + "/;csv")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return csv.lines().map(line -> line.split(","))
                .filter(f -> f.length > 17 && f[0].equals("svc") && f[1].startsWith("svc-") && f[17].equals(status)).count();
    }

    /** Runs {@code script} with the balancer functions of the local platform, arguments as $1.. */
    private static void balancer(String script, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "set -euo pipefail; source deploy/local/lib/common.sh; source deploy/local/lib/balancer.sh; " + script, "balancer"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("balancer script failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
