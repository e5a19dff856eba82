package io.tweestap.e2e.scaleout;

import io.tweestap.e2e.RunningTweestap;
import io.tweestap.e2e.journey.PlatformToken;
import io.tweestap.e2e.journey.TweestapEndpoints;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The local platform's scale-out layout ({@code deploy/local/platform up --brokers 3 --instances 2
 * --services}) in a private run directory on free ports: three KRaft brokers, two instances of
 * each service, HAProxy in front of each service's pair. Everything is started and stopped by the
 * script itself, so the test runs exactly what an operator runs; this class only knows where the
 * script puts its pid files and ports, and kills what the test wants dead.
 */
final class ScaledTweestap {

    /** One instance of a service: its own port, behind the balancer's. */
    record Instance(String service, int index, int port) {
    }

    static final List<String> SERVICES = List.of("enrollment", "challenge", "notification", "sms");
    private static final Duration START_PATIENCE = Duration.ofMinutes(8);

    private final Path root;
    private final Path run;
    private final int base;
    private final int brokers;
    private final int instances;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private PlatformToken tokens;

    private ScaledTweestap(Path root, Path run, int base, int brokers, int instances) {
        this.root = root;
        this.run = run;
        this.base = base;
        this.brokers = brokers;
        this.instances = instances;
    }

    static ScaledTweestap start(int brokers, int instances) {
        RunningTweestap.stopIfStarted();
        Path root = Path.of(System.getProperty("tweestap.root", "..")).toAbsolutePath().normalize();
        try {
            Path run = Files.createTempDirectory(root.resolve("e2e/target"), "scaleout-run-");
            ScaledTweestap platform = new ScaledTweestap(root, run, freeBase(), brokers, instances);
            Runtime.getRuntime().addShutdownHook(new Thread(platform::stop));
            platform.script(START_PATIENCE, "up", "--brokers", Integer.toString(brokers), "--instances",
                    Integer.toString(instances), "--services");
            platform.tokens = PlatformToken.fromPem(root.resolve("deploy/local/.run/jwt/private.pem"), PlatformToken.DEV_ISSUER);
            return platform;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TweestapEndpoints endpoints() {
        return new TweestapEndpoints(balancer(1), balancer(2), balancer(3), balancer(4),
                URI.create("http://127.0.0.1:" + (base + 9)));
    }

    PlatformToken tokens() {
        return tokens;
    }

    List<Instance> instances(String svc) {
        int offset = SERVICES.indexOf(svc) + 1;
        return IntStream.rangeClosed(1, instances).mapToObj(i -> new Instance(svc, i, base + 10 * (i + 1) + offset)).toList();
    }

    /** Kafka client settings of the operations user, who may read every topic (deploy/kafka-acls). */
    Map<String, Object> operationsKafkaClient() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", bootstrap());
        settings.put("security.protocol", "SASL_PLAINTEXT");
        settings.put("sasl.mechanism", "SCRAM-SHA-512");
        settings.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"operations\""
                + " password=\"" + kafkaPassword("operations") + "\";");
        return settings;
    }

    /** The instance of {@code svc} that publishes its outbox now (its relay-leader gauge is 1). */
    Instance relayLeader(String svc) {
        return Awaitility.await(svc + " relay leader").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> instances(svc).stream().filter(this::leadsRelay).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
    }

    /** Waits until {@code survivor} leads the relay; the time it took. */
    Duration awaitRelayLeader(Instance survivor, Duration patience) {
        long start = System.nanoTime();
        Awaitility.await(survivor + " takes over the relay").atMost(patience).pollInterval(Duration.ofMillis(50))
                .until(() -> leadsRelay(survivor));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Waits until every instance answers ready again (after the database came back, say); the time it took. */
    Duration awaitAllReady(Duration patience) {
        long start = System.nanoTime();
        Awaitility.await("every instance ready").atMost(patience).pollInterval(Duration.ofMillis(250))
                .until(() -> SERVICES.stream().flatMap(svc -> instances(svc).stream()).allMatch(this::ready));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private boolean ready(Instance instance) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.port() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException down) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void kill(Instance instance) {
        script(Duration.ofSeconds(30), "kill", instance.service(), Integer.toString(instance.index()));
    }

    void killBroker(int node) {
        script(Duration.ofSeconds(30), "kill", "broker", Integer.toString(node));
    }

    /** The broker that leads the most partitions of {@code topic}. */
    int brokerLeadingMost(String topic) {
        Map<Integer, Long> leaders = partitions(topic).stream()
                .collect(Collectors.groupingBy(p -> p.leader().id(), Collectors.counting()));
        return leaders.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** Waits until no partition of {@code topic} is led by {@code dead} any more; the time it took. */
    Duration awaitNewPartitionLeaders(String topic, int dead, Duration patience) {
        long start = System.nanoTime();
        Awaitility.await("new leaders for " + topic).atMost(patience).pollInterval(Duration.ofMillis(100))
                .until(() -> partitions(topic).stream().allMatch(p -> p.leader() != null && p.leader().id() != dead));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Starts again every instance and broker that is not running, and waits until all are ready. */
    void startWhatIsDown() {
        script(START_PATIENCE, "up", "--services");
    }

    void stop() {
        try {
            script(Duration.ofMinutes(2), "down");
        } catch (RuntimeException ignored) {
            // best effort; deploy/local/test reaps what is left
        }
    }

    private boolean leadsRelay(Instance instance) {
        try {
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + instance.port() + "/q/metrics")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return metrics.body().lines().anyMatch(line -> line.startsWith("tweestap_outbox_relay_leader")
                    && line.endsWith(" 1.0"));
        } catch (IOException dead) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The services' consumer groups, handled with the cluster's admin (super user) settings. */
    ConsumerGroups consumerGroups() {
        return new ConsumerGroups(root.resolve("deploy/local/.run/kafka/libs"), adminSettingsFile(), bootstrap(), adminSettings());
    }

    /** Stops every instance of {@code svc} as an orchestrator does (SIGTERM), so its consumers leave their group at once. */
    void stopGracefully(String svc) {
        for (Instance instance : instances(svc)) {
            Path pidFile = run.resolve(svc + "-" + instance.index() + ".pid");
            try {
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                ProcessHandle.of(pid).ifPresent(process -> {
                    process.destroy();
                    process.onExit().orTimeout(60, TimeUnit.SECONDS).join();
                });
            } catch (IOException | NumberFormatException gone) {
                // not running
            }
        }
    }

    private Path adminSettingsFile() {
        return run.resolve("kafka/cluster/node-1/admin-client.properties");
    }

    private Properties adminSettings() {
        Properties admin = new Properties();
        try (var in = Files.newInputStream(adminSettingsFile())) {
            admin.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        admin.put("bootstrap.servers", bootstrap());
        admin.put("request.timeout.ms", "5000");
        admin.put("default.api.timeout.ms", "10000");
        return admin;
    }

    private List<TopicPartitionInfo> partitions(String topic) {
        try (Admin client = Admin.create(adminSettings())) {
            TopicDescription description = client.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS).get(topic);
            return description.partitions();
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe " + topic, e);
        }
    }

    private String bootstrap() {
        return IntStream.range(0, brokers).mapToObj(n -> "127.0.0.1:" + (base + 10 + 2 * n)).collect(Collectors.joining(","));
    }

    private URI balancer(int offset) {
        return URI.create("http://127.0.0.1:" + (base + offset));
    }

    private String kafkaPassword(String user) {
        try {
            Map<String, String> users = Files.readAllLines(root.resolve("deploy/local/.run/kafka/users")).stream()
                    .filter(line -> line.contains("="))
                    .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')),
                            line -> line.substring(line.indexOf('=') + 1), (a, b) -> b));
            return users.get(user);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void script(Duration patience, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("bash", root.resolve("deploy/local/platform").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(run.resolve("platform.out").toFile()));
        builder.environment().putAll(Map.of(
                "TWEESTAP_RUN_DIR", run.toString(),
                "TWEESTAP_PORT_BASE", Integer.toString(base),
                "TWEESTAP_DATABASE_SUFFIX", "_scaleout",
                // SMS sign-ins every 22 s by the same two people: the per-number and per-user send limits raised,
                // the resend cooldown well under the 22 s (at 20 s a slow send let the next one come 19 s after it)
                "TWEESTAP_SMS_OPTS", "-Dtweestap.sms.resend-cooldown=PT5S -Dtweestap.sms.number-window-max=1000"
                        + " -Dtweestap.sms.number-daily-max=1000 -Dtweestap.sms.user-daily-budget=1000",
                // the push-bombing brakes would stop a load of sign-ins by a few people; challenge-service's tests cover them
                "TWEESTAP_CHALLENGE_OPTS", "-Dtweestap.challenge.push-limit=100000"
                        + " -Dtweestap.challenge.pushes-since-success-limit=100000"
                        + " -Dtweestap.challenge.failures-before-suppression=100000",
                "TWEESTAP_READY_TIMEOUT", Long.toString(START_PATIENCE.toSeconds() - 30)));
        try {
            Process process = builder.start();
            if (!process.waitFor(patience.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("platform " + String.join(" ", args) + " did not finish within "
                        + patience.toSeconds() + " s; see " + run.resolve("platform.out"));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("platform " + String.join(" ", args) + " failed:\n" + tail(run.resolve("platform.out")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    /**
     * A base port B with B..B+54 free, below Linux's ephemeral range (32768 and up), where the
     * many client connections of a run would otherwise take a port between this check and its use.
     */
    private static int freeBase() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(20000, 32000);
            if (IntStream.rangeClosed(candidate, candidate + 54).allMatch(ScaledTweestap::free)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free range of 55 ports");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
