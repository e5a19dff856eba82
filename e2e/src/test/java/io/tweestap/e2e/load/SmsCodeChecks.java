package io.tweestap.e2e.load;

import io.tweestap.e2e.journey.PlatformCalls;
import io.tweestap.e2e.journey.SandboxPhone;
import org.awaitility.Awaitility;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * How many SMS codes sms-service checks a second in a steady state: {@code warmUp + count} people
 * each get a code by SMS to their own Dutch mobile number (the sends paced by the Vonage limit, not
 * measured), the codes are read from the Vonage sandbox, then the first {@code warmUp} codes are
 * checked and not counted (a JVM fresh from the sign-ins has not compiled the check path yet), and
 * then the other {@code count}, {@code concurrency} at a time; each check must answer VERIFIED. The numbers spread over 8-digit prefixes so that the prefix velocity
 * limit does not refuse them; the run's tenant keeps the per-tenant budgets to itself.
 */
public final class SmsCodeChecks {

    /**
     * Checks per second, how many, what went wrong (a send or a check that did not succeed), and the
     * CPU milliseconds each process spent on the measured checks.
     */
    public record Result(double checksPerSecond, int checks, List<String> errors, Map<String, Double> cpuMillis) {

        /** CPU milliseconds each process spent per measured check. */
        public String cpuPerCheck() {
            return cpuMillis.entrySet().stream()
                    .map(e -> String.format(java.util.Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / Math.max(1, checks)))
                    .collect(Collectors.joining(", "));
        }
    }

    private final PlatformCalls sms;
    private final URI sandbox;
    private final ProcessCpu cpu;

    public SmsCodeChecks(PlatformCalls sms, URI sandbox, ProcessCpu cpu) {
        this.sms = sms;
        this.sandbox = sandbox;
        this.cpu = cpu;
    }

    public Result measure(int count, int warmUp, int concurrency) throws InterruptedException {
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        Map<String, String> verificationByMsisdn = new ConcurrentHashMap<>();
        Set<String> warmUpMsisdns = ConcurrentHashMap.newKeySet();
        int people = warmUp + count;
        int first = ThreadLocalRandom.current().nextInt(0, 10_000 - people);
        // a number may have had a text in an earlier run: only one that comes after now is this run's
        Map<String, Long> before = received();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        for (int i = 0; i < people; i++) {
            boolean warmingUp = i < warmUp;
            // 06 2xxxx 771: the prefix (316 2xxxx) differs per person; never one of the sandbox's slow or failing endings
            String subscriber = String.format("2%04d771", first + i);
            String user = "sms-check-" + i;
            senders.execute(() -> {
                PlatformCalls.Answer started = sms.startPhoneVerification(user, "06" + subscriber);
                if (started.status() == 201) {
                    verificationByMsisdn.put("316" + subscriber, started.text("verificationId"));
                    if (warmingUp) {
                        warmUpMsisdns.add("316" + subscriber);
                    }
                } else {
                    errors.add(user + ": start answered " + started.status() + " " + started.body());
                }
            });
        }
        senders.shutdown();
        if (!senders.awaitTermination(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("SMS codes not all sent within 5 minutes");
        }
        Map<String, String> codes = awaitCodes(verificationByMsisdn.keySet(), before);

        Map<String, String> warmUpRound = new HashMap<>(verificationByMsisdn);
        warmUpRound.keySet().retainAll(warmUpMsisdns);
        Map<String, String> measured = new HashMap<>(verificationByMsisdn);
        measured.keySet().removeAll(warmUpMsisdns);
        check(warmUpRound, codes, concurrency, errors);
        ProcessCpu.Snapshot cpuBefore = cpu.snapshot();
        long start = System.nanoTime();
        check(measured, codes, concurrency, errors);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(measured.size() / seconds, measured.size(), List.copyOf(errors),
                cpu.millisBetween(cpuBefore, cpu.snapshot()));
    }

    /** Checks each verification's code once, {@code concurrency} at a time; each must answer VERIFIED. */
    private void check(Map<String, String> verificationByMsisdn, Map<String, String> codes, int concurrency,
            ConcurrentLinkedQueue<String> errors) throws InterruptedException {
        ExecutorService checkers = Executors.newFixedThreadPool(concurrency);
        verificationByMsisdn.forEach((msisdn, verification) -> checkers.execute(() -> {
            PlatformCalls.Answer checked = sms.checkPhoneCode(verification, codes.get(msisdn));
            if (checked.status() != 200 || !"VERIFIED".equals(checked.text("status"))) {
                errors.add(verification + ": check answered " + checked.status() + " " + checked.body());
            }
        }));
        checkers.shutdown();
        if (!checkers.awaitTermination(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("SMS code checks not done within 5 minutes");
        }
    }

    /** The newest code the sandbox took for each number, once every number has one more text than {@code before}. */
    private Map<String, String> awaitCodes(Set<String> msisdns, Map<String, Long> before) {
        return Awaitility.await("an SMS to each of " + msisdns.size() + " numbers").atMost(Duration.ofMinutes(2))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Map<String, String> newest = new HashMap<>();
                    Map<String, Long> counts = new HashMap<>();
                    SandboxPhone.everyMessage(sandbox).stream().filter(m -> msisdns.contains(m.to())).forEach(m -> {
                        newest.put(m.to(), m.code());
                        counts.merge(m.to(), 1L, Long::sum);
                    });
                    newest.keySet().removeIf(msisdn -> counts.get(msisdn) <= before.getOrDefault(msisdn, 0L));
                    return newest;
                }, found -> found.keySet().containsAll(msisdns));
    }

    private Map<String, Long> received() {
        return SandboxPhone.everyMessage(sandbox).stream().filter(m -> m.to() != null)
                .collect(Collectors.groupingBy(SandboxPhone.TextMessage::to, Collectors.counting()));
    }
}
