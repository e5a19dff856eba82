package io.tweestap.e2e;

import io.tweestap.e2e.journey.PlatformToken;
import io.tweestap.e2e.journey.TweestapEndpoints;
import io.tweestap.e2e.load.PostgresAdmin;
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
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole platform as an operator runs it, on free ports beside anything else on the machine: a
 * private Kafka broker (deploy/local/kafka-broker), the Vonage sandbox (deploy/vonage-sandbox), the
 * databases {@code <svc>_e2e} and the four services as packaged ({@code java -jar
 * <svc>-service/target/quarkus-app/quarkus-run.jar}, with the JVM and options of deploy/local/service-jvm,
 * as the local platform starts them), each its own process with its own log in
 * {@code e2e/target/e2e-logs/}. Started once for all system tests; stopped in {@link #stop()} and by a
 * shutdown hook, so no test leaves a process behind.
 */
public final class RunningTweestap {

    static final String ISSUER = PlatformToken.DEV_ISSUER;
    private static final List<String> SERVICES = List.of("enrollment", "challenge", "notification", "sms");
    private static final Duration READY_PATIENCE = Duration.ofSeconds(Long.getLong("tweestap.e2e.ready-seconds", 180));

    private static RunningTweestap instance;

    private final Path root;
    private final Path logs;
    private final SecuredKafkaBroker broker;
    private final int sandboxPort = freePort();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Process> services = new LinkedHashMap<>();
    /** Each service's java command of deploy/local/service-jvm: executable and options. */
    private final Map<String, List<String>> jvms = new java.util.concurrent.ConcurrentHashMap<>();
    private Path publicKey;
    private Path privateKey;
    private PlatformToken tokens;
    private TweestapEndpoints endpoints;
    private Duration startedIn;

    private RunningTweestap(Path root) {
        this.root = root;
        this.logs = root.resolve("e2e/target/e2e-logs");
        // secured as the local platform's: each service its own SCRAM user, deploy/kafka-acls (decision 0063)
        this.broker = SecuredKafkaBroker.onFreePorts(root);
        SERVICES.forEach(svc -> ports.put(svc, freePort()));
    }

    static synchronized RunningTweestap get() {
        if (instance == null) {
            RunningTweestap platform = new RunningTweestap(
                    Path.of(System.getProperty("tweestap.root", "..")).toAbsolutePath().normalize());
            Runtime.getRuntime().addShutdownHook(new Thread(platform::stop));
            platform.start();
            instance = platform;
        }
        return instance;
    }

    /**
     * Stops the shared platform if a test started it, so that a test with a layout of its own (the
     * scale-out test's eight services and three brokers) has the machine to itself; the next test
     * that asks for the shared platform starts it again.
     */
    public static synchronized void stopIfStarted() {
        if (instance != null) {
            instance.stop();
            instance = null;
        }
    }

    TweestapEndpoints endpoints() {
        return endpoints;
    }

    PlatformToken tokens() {
        return tokens;
    }

    Path root() {
        return root;
    }

    /** Each running service's process id, by service name. */
    Map<String, Long> servicePids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        services.forEach((svc, process) -> pids.put(svc, process.pid()));
        return pids;
    }

    long brokerPid() {
        return broker.pid();
    }

    /** Each service's database, by service name. */
    Map<String, String> databases() {
        Map<String, String> databases = new LinkedHashMap<>();
        SERVICES.forEach(svc -> databases.put(svc, database(svc)));
        return databases;
    }

    Duration startedIn() {
        return startedIn;
    }

    Path log(String service) {
        return logs.resolve(service + ".log");
    }

    private void start() {
        Instant begin = Instant.now();
        try {
            Files.createDirectories(logs);
            for (String svc : SERVICES) {
                Files.deleteIfExists(log(svc));
            }
            Path keys = Files.createTempDirectory("tweestap-e2e-jwt-");
            KeyPair jwt = rsaKeyPair();
            publicKey = pem(keys.resolve("public.pem"), "PUBLIC KEY", jwt.getPublic().getEncoded());
            privateKey = pem(keys.resolve("private.pem"), "PRIVATE KEY", jwt.getPrivate().getEncoded());
            tokens = PlatformToken.fromPem(privateKey, ISSUER);

            freshDatabases();
            broker.start();
            run("bash", root.resolve("deploy/vonage-sandbox/sandbox").toString(), "start", Integer.toString(sandboxPort));
            endpoints = new TweestapEndpoints(url("enrollment"), url("challenge"), url("notification"), url("sms"),
                    URI.create("http://127.0.0.1:" + sandboxPort));

            // side by side: a new build's start-up archives are made here, tens of seconds once (decision 0101)
            SERVICES.parallelStream().forEach(svc -> jvms.put(svc, serviceJvm(svc)));
            for (String svc : SERVICES) {
                services.put(svc, launch(svc));
            }
            for (String svc : SERVICES) {
                awaitReady(svc);
            }
            startedIn = Duration.between(begin, Instant.now());
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /**
     * Every start begins with empty databases: what an earlier run on this machine left behind must
     * not decide this one (a benchmark that spent sms-service's hourly budget for a region refuses
     * every text to it for the next hour, and the e2e databases outlive the run that filled them).
     */
    private static void freshDatabases() {
        PostgresAdmin admin = PostgresAdmin.fromSystemProperties();
        for (String svc : SERVICES) {
            admin.query("postgres", "DROP DATABASE IF EXISTS " + database(svc) + " WITH (FORCE)");
            admin.createDatabase(database(svc), svc);
        }
    }

    private URI url(String svc) {
        return URI.create("http://localhost:" + ports.get(svc));
    }

    private static String database(String svc) {
        return svc + "_e2e";
    }

    /** Kafka client settings of the broker's super user, who may create and delete scratch topics. */
    Map<String, Object> adminKafkaClient() {
        return broker.clientProperties("admin", broker.password("admin"));
    }

    /** Kafka client settings of the operations user, who may read every topic and DLQ (deploy/kafka-acls). */
    Map<String, Object> operationsKafkaClient() {
        return broker.clientProperties("operations", broker.password("operations"));
    }

    /** The services' Kafka passwords of this run: secrets the scan looks for in logs and events. */
    List<String> kafkaPasswords() {
        return SecuredKafkaBroker.USERS.stream().map(broker::password).toList();
    }

    /** The JWT signing key of this run (PEM), which only the platform's token minting may read. */
    Path jwtPrivateKey() {
        return privateKey;
    }

    /** An outage: the broker process stops; its data stays for {@link #startKafka()}. */
    void stopKafka() {
        broker.stop();
    }

    void startKafka() {
        broker.start();
    }

    /** Stops one service the way an orchestrator does (SIGTERM, then the process is gone). */
    void stopService(String svc) {
        Process process = services.remove(svc);
        if (process != null) {
            terminate(process);
        }
    }

    /** Starts a stopped service again, on the same port and database, and waits until it is ready. */
    void startService(String svc) {
        try {
            services.put(svc, launch(svc));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady(svc);
    }

    private Process launch(String svc) throws IOException {
        Path jar = jar(svc);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw package)");
        }
        // the JVM, options and start-up archive the local platform starts it with (decision 0101)
        List<String> command = new ArrayList<>(jvms.computeIfAbsent(svc, this::serviceJvm));
        command.add("-Dtweestap.e2e.service=" + svc);
        command.addAll(settings(svc));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(broker.serviceEnvironment(svc + "-service"));
        return builder
                .directory(root.resolve(svc + "-service").toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(svc).toFile()))
                .start();
    }

    private Path jar(String svc) {
        return root.resolve(svc + "-service/target/quarkus-app/quarkus-run.jar");
    }

    /** What a service is started with after the JVM's options: its port, database, broker, keys and peers. */
    private List<String> settings(String svc) {
        String database = database(svc);
        List<String> settings = new ArrayList<>(List.of(
                "-Dquarkus.profile=dev",
                "-Dquarkus.http.port=" + ports.get(svc),
                "-Dkafka.bootstrap.servers=" + broker.bootstrapServers(),
                "-Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:5432/" + database,
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:5432/" + database,
                "-Dquarkus.datasource.username=" + svc, "-Dquarkus.datasource.password=" + svc,
                "-Dmp.jwt.verify.publickey.location=" + publicKey,
                "-Dmp.jwt.verify.issuer=" + ISSUER,
                "-Dsmallrye.jwt.sign.key.location=" + privateKey,
                "-Dsmallrye.jwt.new-token.issuer=" + ISSUER));
        switch (svc) {
            case "enrollment" -> settings.addAll(List.of(
                    "-Dtweestap.enrollment.public-url=" + url("enrollment"),
                    "-Dtweestap.enrollment.endpoints.challenge-service=" + url("challenge"),
                    "-Dtweestap.enrollment.endpoints.notification-service=" + url("notification"),
                    "-Dquarkus.rest-client.challenge-service.url=" + url("challenge"),
                    "-Dquarkus.rest-client.sms-service.url=" + url("sms")));
            // The web app is served by enrollment-service: its origin may call the device APIs (decision 0077).
            case "challenge" -> settings.addAll(List.of("-Dquarkus.rest-client.sms-service.url=" + url("sms"),
                    "-Dtweestap.challenge.app-origins=" + url("enrollment")));
            case "notification" -> settings.add("-Dtweestap.notification.web-push.app-origins=" + url("enrollment"));
            // A 20 s resend pause instead of 60 s: the SMS sign-in after the enrolment SMS meets the pause
            // (and its Retry-After) without the run waiting a minute; module tests cover the default.
            case "sms" -> settings.addAll(List.of(
                    "-Dtweestap.sms.resend-cooldown=PT20S",
                    "-Dtweestap.vonage.base-uri=http://127.0.0.1:" + sandboxPort,
                    "-Dtweestap.vonage.private-key-path="
                            + root.resolve("deploy/local/.run/vonage-sandbox/application-private.pem")));
            default -> {
            }
        }
        if ("challenge".equals(svc)) {
            // The push-bombing brake (3 sign-in pushes per 10 minutes) would stop the latency benchmark's
            // rounds; challenge-service's own tests cover the brake at its default.
            settings.add("-Dtweestap.challenge.push-limit=100000");
        }
        if ("sms".equals(svc) && "true".equals(System.getProperty("tweestap.load"))) {
            // The load benchmark's full run sends codes to a few hundred Dutch numbers in a minute: the
            // per-region limit (300 an hour, decision 0045) is raised for NL; sms-service's tests cover it.
            settings.add("-Dtweestap.sms.regions.NL.window-max=100000");
        }
        return settings;
    }

    private void awaitReady(String svc) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Process process = services.get(svc);
        try {
            Awaitility.await(svc + "-service ready").atMost(READY_PATIENCE).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(svc + "-service exited during start; see " + log(svc) + ":\n" + tail(log(svc)));
                        }
                        try {
                            return http.send(HttpRequest.newBuilder(url(svc).resolve("/q/health/ready"))
                                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                        } catch (IOException stillStarting) {
                            return false;
                        }
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException(svc + "-service not ready within " + READY_PATIENCE.toSeconds() + " s; see "
                    + log(svc) + ":\n" + tail(log(svc)), e);
        }
    }

    synchronized void stop() {
        services.values().forEach(Process::destroy);
        services.values().forEach(RunningTweestap::terminate);
        services.clear();
        try {
            run("bash", root.resolve("deploy/vonage-sandbox/sandbox").toString(), "stop", Integer.toString(sandboxPort));
        } catch (RuntimeException ignored) {
            // stopping is best effort; deploy/local/test reaps what is left
        }
        try {
            broker.stop();
        } catch (RuntimeException ignored) {
            // see above
        }
    }

    private static void terminate(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * deploy/local/service-jvm's answer: the java executable, then its options, one a line. Given the
     * service's settings and environment, a missing start-up archive is made from a training run
     * through the service's warm-up (decision 0120), on the port and database it is about to use.
     */
    private List<String> serviceJvm(String svc) {
        try {
            List<String> command = new ArrayList<>(List.of("bash", root.resolve("deploy/local/service-jvm").toString(), svc, "--"));
            command.addAll(settings(svc));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(root.resolve(svc + "-service").toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log(svc).toFile()));
            builder.environment().putAll(broker.serviceEnvironment(svc + "-service"));
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0 || output.isBlank()) {
                throw new IllegalStateException("deploy/local/service-jvm " + svc + " failed; see " + log(svc));
            }
            return output.lines().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path pem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
        return file;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
