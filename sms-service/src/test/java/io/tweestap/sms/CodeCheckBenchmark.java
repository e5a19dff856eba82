package io.tweestap.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tweestap.testkit.TestTokens;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * How many SMS codes sms-service checks a second, alone: {@code tweestap.bench.checks.count} people
 * (default 2,000) each get a code through the real API (the SDK posting to the in-process Vonage
 * sandbox, where the codes are read back), and each code is checked once, right, through the real
 * API, {@code concurrency} at a time (default 16 and 64, {@code tweestap.bench.checks.concurrency}),
 * after a warm-up round of {@code tweestap.bench.checks.warm-up} checks (default 1,000) that is not
 * counted. Prints one line per level beginning {@code CodeChecks:}, with this JVM's CPU time per
 * check beside the rate (on a machine other work keeps busy the rate says little, the CPU more).
 *
 * <p>Run: {@code nice -n 10 ./mvnw -B -ntp -o -pl sms-service -am verify -Dtweestap.bench.checks=true
 * -Dtest=CodeCheckBenchmark -Dsurefire.failIfNoSpecifiedTests=false}. The send limits are raised for
 * this run only (sends are not what it measures), and logging is at production's level (INFO).
 * The normal build runs it short (100 checks 16 at a time after 50 uncounted) and fails on any
 * check that did not verify.
 */
@QuarkusTest
@TestProfile(CodeCheckBenchmark.SendsUnlimited.class)
class CodeCheckBenchmark {

    /** Budgets and velocity limits out of the way, and the Vonage rate of the in-process sandbox. */
    public static class SendsUnlimited implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("tweestap.sms.prefix-window-max", "1000000"),
                    Map.entry("tweestap.sms.region-window-max", "1000000"),
                    Map.entry("tweestap.sms.region-tenant-share", "1"),
                    Map.entry("tweestap.sms.tenant-daily-budget", "1000000"),
                    Map.entry("tweestap.vonage.requests-per-second", "1000"),
                    Map.entry("quarkus.log.category.\"io.tweestap\".level", "INFO"));
        }
    }

    private static final String TENANT = "bench";
    private static final Pattern VERIFICATION_ID = Pattern.compile("\"verificationId\"\\s*:\\s*\"([^\"]+)\"");

    @TestHTTPResource("/api/v1/phone-verifications")
    URI verifications;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Set<String> numbersUsed = ConcurrentHashMap.newKeySet();

    /** One token a round (they live ten minutes), so that signing one is not part of what is measured. */
    private String token;

    record Level(int concurrency, int checks, double perSecond, double p50, double p99, double cpuPerCheck,
            int errors, String load) {

        String line() {
            return String.format(Locale.ROOT,
                    "CodeChecks: %d codes checked %d at a time, %.1f checks/s, p50 %.1f ms, p99 %.1f ms,"
                            + " JVM CPU %.2f ms/check, %d errors, load average %s", checks, concurrency, perSecond,
                    p50, p99, cpuPerCheck, errors, load);
        }
    }

    @Test
    void checksPerSecond() throws Exception {
        boolean measuring = Boolean.getBoolean("tweestap.bench.checks");
        int count = Integer.getInteger("tweestap.bench.checks.count", measuring ? 2_000 : 100);
        int warmUp = Integer.getInteger("tweestap.bench.checks.warm-up", measuring ? 1_000 : 50);
        List<Integer> levels = new ArrayList<>();
        for (String level : System.getProperty("tweestap.bench.checks.concurrency", measuring ? "16,64" : "16").split(",")) {
            levels.add(Integer.parseInt(level.trim()));
        }
        run(warmUp, 16, "warm-up");
        List<String> lines = new ArrayList<>();
        for (int concurrency : levels) {
            Level level = run(count, concurrency, "level");
            lines.add(level.line());
            System.out.println(level.line());
            assertThat(level.errors()).as(level.line()).isZero();
            assertThat(level.checks()).as("codes checked").isEqualTo(count);
        }
        lines.forEach(System.out::println);
    }

    /** Starts {@code count} verifications, reads their codes and checks each once, {@code concurrency} at a time. */
    private Level run(int count, int concurrency, String round) throws Exception {
        token = TestTokens.forTenant(TENANT, SmsApi.SCOPE);
        List<String[]> started = start(count, round);
        Map<String, String> codes = VonageSandbox.newestSmsCodes();
        ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        ExecutorService checkers = Executors.newFixedThreadPool(concurrency);
        // for a profiler started by hand (jcmd <pid> JFR.start): the checks begin now
        System.out.printf("Checking %d codes %d at a time (%s)%n", started.size(), concurrency, round);
        long cpuBefore = processCpuNanos();
        long begin = System.nanoTime();
        for (String[] verification : started) {
            String code = codes.get(verification[1]);
            checkers.execute(() -> {
                long t0 = System.nanoTime();
                try {
                    HttpResponse<String> answer = post(verifications + "/" + verification[0] + "/check",
                            "{\"code\":\"" + code + "\"}");
                    nanos.add(System.nanoTime() - t0);
                    if (answer.statusCode() != 200 || !answer.body().contains("\"VERIFIED\"")) {
                        errors.add(answer.statusCode() + " " + answer.body());
                    }
                } catch (IOException | InterruptedException e) {
                    errors.add(e.toString());
                }
            });
        }
        checkers.shutdown();
        if (!checkers.awaitTermination(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("checks not done within 10 minutes");
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        double cpuPerCheck = (processCpuNanos() - cpuBefore) / 1e6 / Math.max(started.size(), 1);
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        errors.stream().limit(5).forEach(error -> System.out.println("CodeChecks error: " + error));
        return new Level(concurrency, started.size(), started.size() / seconds, percentile(sorted, 0.50),
                percentile(sorted, 0.99), cpuPerCheck, errors.size() + count - started.size(), loadAverage());
    }

    /** {verificationId, msisdn} of each verification started; sends that failed are left out (and count as errors). */
    private List<String[]> start(int count, String round) throws Exception {
        ConcurrentLinkedQueue<String[]> started = new ConcurrentLinkedQueue<>();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        long stamp = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String user = "bench-" + round + "-" + stamp + "-" + i + "@bench.example";
            senders.execute(() -> {
                String number = freshNumber();
                try {
                    HttpResponse<String> answer = post(verifications.toString(), String.format(
                            "{\"userId\":\"%s\",\"regionCode\":\"NL\",\"number\":\"%s\",\"channel\":\"SMS\","
                                    + "\"language\":\"en\",\"purpose\":\"ENROLLMENT\"}", user, number));
                    Matcher id = VERIFICATION_ID.matcher(answer.body());
                    if (answer.statusCode() == 201 && id.find()) {
                        started.add(new String[] {id.group(1), TestNumbers.msisdn(number)});
                    } else {
                        System.out.println("CodeChecks send refused: " + answer.statusCode() + " " + answer.body());
                    }
                } catch (IOException | InterruptedException e) {
                    System.out.println("CodeChecks send failed: " + e);
                }
            });
        }
        senders.shutdown();
        if (!senders.awaitTermination(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("sends not done within 10 minutes");
        }
        return new ArrayList<>(started);
    }

    /** A number no earlier send of this run went to, so the resend wait never refuses one. */
    private String freshNumber() {
        while (true) {
            String number = TestNumbers.dutchMobile();
            if (numbersUsed.add(number)) {
                return number;
            }
        }
    }

    private HttpResponse<String> post(String url, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1);
        return sorted.get(Math.max(index, 0)) / 1e6;
    }

    /**
     * CPU time of this JVM (the service and the benchmark's client: the sandbox is idle while codes
     * are checked), a figure a busy machine changes far less than checks per second.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }
}
