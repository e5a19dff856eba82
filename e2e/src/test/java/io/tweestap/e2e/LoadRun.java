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
import io.tweestap.e2e.load.ResidentMemory;
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
            Enrolments enrolments, List<LoadLevel> levels, SmsCodeChecks.Result sms, List<String> lines) {
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
            // With autovacuum off the queue tables bloat and plans made on empty tables stay (decision 0128).
            String autovacuum = PostgresAdmin.fromSystemProperties().query("postgres", "show autovacuum").strip();
            print("Load: ceilings of this machine: pgbench sign-in minimum (3 commits: create + outbox, decide + outbox, inbox)"
                    + " %.0f/s with %d clients in %d s; Kafka producer acks=all %.0f records/s of %d B (%d failed);"
                    + " PostgreSQL autovacuum %s; load average %s",
                    pgbench.signInsPerSecond(), pgbench.clients(), pgbench.length().toSeconds(), kafka.recordsPerSecond(),
                    kafka.recordBytes(), kafka.failed(), autovacuum, loadAverage());

            List<String> enrolmentErrors = new ArrayList<>();
            Enrolments enrolments = enrol(enrolmentErrors);
            print("Load: enrolments: %d people after %d not counted, their links from one batch call, each through the setup"
                    + " wizard over HTTP %d at a time: links + activation (wizard opened, QR read, authenticator activated)"
                    + " %.1f/s, then test push approved until the device is verified %.1f/s, the whole wizard %.1f/s"
                    + " (%d of %d test pushes answered from the phone's stream, the rest from its pending list);"
                    + " CPU ms per enrolment, links + activation: %s; test push: %s; %d errors; load average %s",
                    phones.size(), settings.enrolWarmUp(),
                    settings.enrolConcurrency(), enrolments.activationsPerSecond(), enrolments.testPushesPerSecond(),
                    enrolments.perSecond(), enrolments.testPushesFromStream(), phones.size() + settings.enrolWarmUp(),
                    Enrolments.perEnrolment(enrolments.activationCpuMillis(), enrolments.activated()),
                    Enrolments.perEnrolment(enrolments.testPushCpuMillis(), phones.size()), enrolmentErrors.size(),
                    loadAverage());

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

            SmsCodeChecks.Result sms = new SmsCodeChecks(calls, platform.endpoints().vonageSandbox(), cpu)
                    .measure(settings.smsChecks(), settings.smsWarmUp(), 16);
            print("Load: SMS code checks: %d codes checked 16 at a time after %d not counted, %.1f checks/s, %d errors;"
                    + " CPU ms per check: %s; load average %s", sms.checks(), settings.smsWarmUp(), sms.checksPerSecond(),
                    sms.errors().size(), sms.cpuPerCheck(), loadAverage());
            return new Result(pgbench, kafka, phones.size(), enrolmentErrors, enrolments, levels, sms, List.copyOf(lines));
        } finally {
            phones.forEach(LoadPhone::close);
        }
    }

    /**
     * Enrolments per second: links and activation (from the batch call until the last authenticator
     * is activated), then the test pushes (until the last device is verified), and both together.
     */
    record Enrolments(double activationsPerSecond, double testPushesPerSecond, double perSecond, int testPushesFromStream,
            int activated, Map<String, Double> activationCpuMillis, Map<String, Double> testPushCpuMillis) {

        /** CPU milliseconds each process spent per enrolment in one half. */
        static String perEnrolment(Map<String, Double> cpuMillis, int enrolled) {
            return cpuMillis.entrySet().stream()
                    .map(e -> String.format(java.util.Locale.ROOT, "%s %.1f", e.getKey(), e.getValue() / Math.max(1, enrolled)))
                    .collect(java.util.stream.Collectors.joining(", "));
        }
    }

    /**
     * Enrols the run's people, {@code enrolConcurrency} at a time, after {@code enrolWarmUp} others
     * whose enrolment is not counted (the first enrolments of fresh JVMs measure their compiler). All
     * of them are scanned and activated first, then all approve their test push, so that each half
     * is timed on its own. Each phone opens its push stream as soon as it is linked, as the app does,
     * and takes its test push from there.
     */
    private Enrolments enrol(List<String> errors) throws InterruptedException {
        Authenticator app;
        try {
            app = new Authenticator(new AccountStore(Files.createTempDirectory("tweestap-load-")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        WizardOverHttp wizard = new WizardOverHttp(calls, app);
        ExecutorService enrolling = Executors.newFixedThreadPool(settings.enrolConcurrency());
        List<LoadPhone> warmUpPhones = new ArrayList<>();
        try {
            List<String> warmUp = IntStream.range(0, settings.enrolWarmUp()).mapToObj(i -> "warm-up-person-" + i).toList();
            List<Future<LinkedAccount>> warmingUp = new ArrayList<>();
            for (Future<Scanned> scanning : scanAll(wizard, app, warmUp, enrolling)) {
                Scanned each = get(scanning, errors);
                if (each != null) {
                    warmUpPhones.add(each.phone());
                    warmingUp.add(enrolling.submit(() -> wizard.approveTestPush(each.wizard(), each.phone())));
                }
            }
            for (Future<LinkedAccount> each : warmingUp) {
                get(each, errors);
            }
            List<String> people = IntStream.range(0, settings.people()).mapToObj(i -> "person-" + i).toList();
            ProcessCpu.Snapshot cpuBefore = cpu.snapshot();
            long start = System.nanoTime();
            List<Future<Scanned>> scanning = scanAll(wizard, app, people, enrolling);
            List<Scanned> scanned = new ArrayList<>();
            for (Future<Scanned> each : scanning) {
                Scanned done = get(each, errors);
                if (done != null) {
                    scanned.add(done);
                }
            }
            long activated = System.nanoTime();
            ProcessCpu.Snapshot cpuActivated = cpu.snapshot();
            List<Future<LinkedAccount>> approving = new ArrayList<>();
            for (Scanned each : scanned) {
                approving.add(enrolling.submit(() -> wizard.approveTestPush(each.wizard(), each.phone())));
            }
            for (int i = 0; i < scanned.size(); i++) {
                if (get(approving.get(i), errors) != null) {
                    phones.add(scanned.get(i).phone());
                } else {
                    scanned.get(i).phone().close();
                }
            }
            long verified = System.nanoTime();
            return new Enrolments(scanned.size() / ((activated - start) / 1e9), phones.size() / ((verified - activated) / 1e9),
                    phones.size() / ((verified - start) / 1e9), wizard.testPushesFromStream(), scanned.size(),
                    cpu.millisBetween(cpuBefore, cpuActivated), cpu.millisBetween(cpuActivated, cpu.snapshot()));
        } finally {
            enrolling.shutdownNow();
            warmUpPhones.forEach(LoadPhone::close);
        }
    }

    /** A person's wizard as far as the activation, and their phone, whose push stream opened once it was linked. */
    private record Scanned(WizardOverHttp.Scanned wizard, LoadPhone phone) {
    }

    /** Everyone's link from the batch API (1000 at most a call), each opened, its QR read and activated, on the pool. */
    private List<Future<Scanned>> scanAll(WizardOverHttp wizard, Authenticator app, List<String> users, ExecutorService pool) {
        List<Future<Scanned>> scanning = new ArrayList<>();
        for (int batch = 0; batch < users.size(); batch += 1000) {
            List<String> some = users.subList(batch, Math.min(users.size(), batch + 1000));
            JsonNode started = calls.startEnrollments(some).expect(201).body().path("enrollments");
            for (int i = 0; i < some.size(); i++) {
                String user = some.get(i);
                URI link = URI.create(started.path(i).path("link").path("url").asText());
                scanning.add(pool.submit(() -> {
                    WizardOverHttp.Scanned each = wizard.scan(link, user, "Phone of " + user);
                    return new Scanned(each, new LoadPhone(app, each.account()));
                }));
            }
        }
        return scanning;
    }

    /** The task's result, or null with its failure added to {@code errors}. */
    private static <T> T get(Future<T> task, List<String> errors) throws InterruptedException {
        try {
            return task.get();
        } catch (ExecutionException e) {
            errors.add(String.valueOf(e.getCause()));
            return null;
        }
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
                    pgbench.signInsPerSecond(), ResidentMemory.mebibytes(platform.servicePids()), loadAverage);
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
