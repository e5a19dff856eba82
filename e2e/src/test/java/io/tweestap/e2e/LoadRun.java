package io.tweestap.e2e;

import io.tweestap.authenticator.AccountStore;
import io.tweestap.authenticator.Authenticator;
import io.tweestap.authenticator.LinkedAccount;
import io.tweestap.e2e.journey.PlatformCalls;
import io.tweestap.e2e.load.DatabaseCommits;
import io.tweestap.e2e.load.KafkaProducerCeiling;
import io.tweestap.e2e.load.LoadLevel;
import io.tweestap.e2e.load.PostgresAdmin;
import io.tweestap.e2e.load.ProcessCpu;
import io.tweestap.e2e.load.SignInCeiling;
import io.tweestap.e2e.load.SmsCodeChecks;
import io.tweestap.e2e.scaleout.LoadPhone;
import io.tweestap.e2e.scaleout.SignInLoad;
import io.tweestap.e2e.scaleout.WizardOverHttp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * One run of the load benchmark against the running platform, in the order a reader wants the
 * figures: the machine's ceilings (pgbench, Kafka), enrolments, a warm-up, each level of sign-ins,
 * SMS code checks. Each result is printed as its {@code Load:} line the moment it is known.
 */
final class LoadRun {

    /** What the run gave; {@code lines} are the {@code Load:} lines as printed. */
    record Result(SignInCeiling.Result pgbench, KafkaProducerCeiling.Result kafka, int enrolled, List<String> enrolmentErrors,
            double enrolmentsPerSecond, List<LoadLevel> levels, SmsCodeChecks.Result sms, List<String> lines) {
    }

    /** How one level drives its sign-ins: returns how long they took. */
    interface Shape {
        Duration drive(SignInLoad load) throws InterruptedException;
    }

    private final RunningTweestap platform;
    private final LoadSettings settings;
    private final PlatformCalls calls;
    private final ProcessCpu cpu = new ProcessCpu();
    private final DatabaseCommits commits;
    private final List<String> lines = new ArrayList<>();
    private final List<LoadPhone> phones = new ArrayList<>();

    LoadRun(RunningTweestap platform, LoadSettings settings) {
        this.platform = platform;
        this.settings = settings;
        this.calls = new PlatformCalls(platform.endpoints(), platform.tokens(), "load-" + UUID.randomUUID().toString().substring(0, 8));
        this.commits = new DatabaseCommits(PostgresAdmin.fromSystemProperties(), platform.databases());
        platform.servicePids().forEach((svc, pid) -> cpu.group(svc, () -> List.of(pid)));
        cpu.group("postgres", () -> ProcessCpu.named("postgres"))
                .group("kafka", () -> List.of(platform.brokerPid()))
                .group("generator", () -> List.of(ProcessHandle.current().pid()));
    }

    Result run() throws Exception {
        try {
            SignInCeiling.Result pgbench = new SignInCeiling(PostgresAdmin.fromSystemProperties(), platform.root())
                    .measure(settings.pgbenchClients(), settings.pgbenchLength());
            KafkaProducerCeiling.Result kafka = new KafkaProducerCeiling(platform.adminKafkaClient())
                    .measure(settings.kafkaLength(), 512);
            print("Load: ceilings of this machine: pgbench sign-in minimum (3 commits: create + outbox, decide + outbox, inbox)"
                    + " %.0f/s with %d clients in %d s; Kafka producer acks=all %.0f records/s of %d B (%d failed); load average %s",
                    pgbench.signInsPerSecond(), pgbench.clients(), pgbench.length().toSeconds(), kafka.recordsPerSecond(),
                    kafka.recordBytes(), kafka.failed(), loadAverage());

            List<String> enrolmentErrors = new ArrayList<>();
            double enrolmentsPerSecond = enrol(enrolmentErrors);
            print("Load: enrolments: %d people, their links from one batch call, each through the setup wizard over HTTP"
                    + " (QR, activation, test push approved),"
                    + " %d at a time, %.1f/s, %d errors; load average %s", phones.size(), settings.enrolConcurrency(),
                    enrolmentsPerSecond, enrolmentErrors.size(), loadAverage());

            if (!settings.warmUp().isZero()) {
                int warmUpConcurrency = Math.min(16, phones.size());
                level("warm-up", load -> load.runClosedLoop(warmUpConcurrency, settings.warmUp()), pgbench);
            }
            List<LoadLevel> levels = new ArrayList<>();
            for (int concurrency : settings.levels()) {
                levels.add(level("closed loop " + concurrency + " at a time",
                        load -> load.runClosedLoop(concurrency, settings.levelLength()), pgbench));
            }
            levels.add(level(String.format(java.util.Locale.ROOT, "open loop %.0f/s", settings.openRate()), load -> {
                // the level's clock starts with the load: level() first waits for the commit counts to settle
                long openEnd = System.nanoTime() + settings.levelLength().toNanos();
                return load.run(settings.openRate(), () -> System.nanoTime() < openEnd);
            }, pgbench));

            SmsCodeChecks.Result sms = new SmsCodeChecks(calls, platform.endpoints().vonageSandbox())
                    .measure(settings.smsChecks(), settings.smsWarmUp(), 16);
            print("Load: SMS code checks: %d codes checked 16 at a time after %d not counted, %.1f checks/s, %d errors;"
                    + " load average %s", sms.checks(), settings.smsWarmUp(), sms.checksPerSecond(),
                    sms.errors().size(), loadAverage());
            return new Result(pgbench, kafka, phones.size(), enrolmentErrors, enrolmentsPerSecond, levels, sms, List.copyOf(lines));
        } finally {
            phones.forEach(LoadPhone::close);
        }
    }

    /** Enrols the run's people, {@code enrolConcurrency} at a time; returns enrolments per second. */
    private double enrol(List<String> errors) throws InterruptedException {
        Authenticator app;
        try {
            app = new Authenticator(new AccountStore(Files.createTempDirectory("tweestap-load-")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        WizardOverHttp wizard = new WizardOverHttp(calls, app);
        ExecutorService enrolling = Executors.newFixedThreadPool(settings.enrolConcurrency());
        long start = System.nanoTime();
        List<Future<LinkedAccount>> accounts = new ArrayList<>();
        // the platform asks for everyone's link at once (POST /enrollment-batches, 1000 at most a call)
        for (int batch = 0; batch < settings.people(); batch += 1000) {
            List<String> users = IntStream.range(batch, Math.min(settings.people(), batch + 1000)).mapToObj(i -> "person-" + i).toList();
            JsonNode started = calls.startEnrollments(users).expect(201).body().path("enrollments");
            for (int i = 0; i < users.size(); i++) {
                String user = users.get(i);
                URI link = URI.create(started.path(i).path("link").path("url").asText());
                accounts.add(enrolling.submit(() -> wizard.linkDevice(user, "Phone of " + user, link)));
            }
        }
        for (Future<LinkedAccount> account : accounts) {
            try {
                phones.add(new LoadPhone(app, account.get()));
            } catch (ExecutionException e) {
                errors.add(String.valueOf(e.getCause()));
            }
        }
        enrolling.shutdown();
        return phones.size() / ((System.nanoTime() - start) / 1e9);
    }

    private LoadLevel level(String name, Shape shape, SignInCeiling.Result pgbench) throws InterruptedException {
        Map<String, Long> commitsBefore = commits.readSettled();
        ProcessCpu.Snapshot cpuBefore = cpu.snapshot();
        try (SignInLoad load = new SignInLoad(calls, phones)) {
            Duration length = shape.drive(load);
            load.awaitQuiet(Duration.ofMinutes(3));
            ProcessCpu.Snapshot cpuAfter = cpu.snapshot();
            String loadAverage = loadAverage();
            LoadLevel level = LoadLevel.of(name, length, load.outcomes(), load.failures(), load.nobodyFree(),
                    cpu.millisBetween(cpuBefore, cpuAfter), DatabaseCommits.difference(commitsBefore, commits.readSettled()),
                    pgbench.signInsPerSecond(), loadAverage);
            print("%s", level.line());
            load.failures().stream().limit(5).forEach(failure -> System.out.println("  failed: " + failure));
            return level;
        }
    }

    private void print(String format, Object... args) {
        String line = String.format(java.util.Locale.ROOT, format, args);
        lines.add(line);
        System.out.println(line);
    }

    /** The machine's 1-, 5- and 15-minute load averages: others' work on the machine shows in them. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
