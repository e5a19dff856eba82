package io.tweestap.e2e.scaleout;

import io.tweestap.authenticator.AccountStore;
import io.tweestap.authenticator.Authenticator;
import io.tweestap.authenticator.LinkedAccount;
import io.tweestap.e2e.journey.PlatformCalls;
import io.tweestap.e2e.journey.SandboxPhone;
import io.tweestap.e2e.scaleout.ScaledTweestap.Instance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.TopicPartition;
import java.util.concurrent.TimeUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scale-out layout of the local platform (three Kafka brokers, two instances of every service
 * behind HAProxy) under a steady stream of sign-ins, while one instance of each service and then
 * the broker leading most of the challenge topic's partitions are killed with SIGKILL, one after
 * another, and then started again. Nothing a user sees may be lost or doubled:
 * every challenge ends, every approval by a phone ends APPROVED once, no acknowledged push comes
 * again, and every event is on its topic once, in order per user. Prints one {@code ScaleOut:} line.
 *
 * <p>{@code -Dtweestap.scaleout.seconds=300 -Dtweestap.scaleout.rate=30} lengthens the load for a
 * manual run (defaults: at least 60 s at 20 sign-ins per second, 40 people; a sign-in that arrives
 * while all of them are busy waits for the next one free, so every arrival is signed in).
 *
 * <p>Part of the normal build (about 7 minutes on two cores, which it needs to itself);
 * {@code -Dtweestap.scaleout=false} leaves it out of a run beside other work on the machine.
 */
@DisabledIfSystemProperty(named = "tweestap.scaleout", matches = "false")
class ScaleOutSystemTest {

    private static final List<String> SERVICES = List.of("enrollment", "challenge", "notification", "sms");

    /** The services with a consumer group: sms-service reads no topic (it is only called, over REST). */
    private static final List<String> CONSUMERS = List.of("enrollment", "challenge", "notification");
    private static final String CHALLENGE_TOPIC = "mfa.challenge.events.v1";
    /** The Vonage sandbox answers an SMS to a number ending so after 12 s (deploy/vonage-sandbox/mappings/sms-slow.json). */
    private static final String SLOW_VONAGE_SUFFIX = "0408";
    private static final String SLOW_VONAGE_PERSON = "slow-vonage-person";
    private static final Duration BETWEEN_KILLS = Duration.ofSeconds(7);
    private static final Duration AFTER_FAULTS = Duration.ofSeconds(15);
    /** The machine's own PostgreSQL is stopped and started as the last fault (off for runs beside other work on the machine). */
    private static final boolean RESTART_POSTGRES = Boolean.parseBoolean(System.getProperty("tweestap.scaleout.restart-postgres", "true"));

    private static ScaledTweestap platform;

    @BeforeAll
    static void startTheLayout() {
        platform = ScaledTweestap.start(3, 2);
    }

    @AfterAll
    static void stopTheLayout() {
        if (platform != null) {
            platform.stop();
        }
    }

    @Test
    void signInsCarryOnWhileInstancesAndABrokerAreKilled() throws Exception {
        int people = Integer.getInteger("tweestap.scaleout.people", 40);
        double rate = Double.parseDouble(System.getProperty("tweestap.scaleout.rate", "20"));
        Duration minimumLoad = Duration.ofSeconds(Long.getLong("tweestap.scaleout.seconds", 60));
        String tenant = "scale-" + UUID.randomUUID().toString().substring(0, 8);
        PlatformCalls calls = new PlatformCalls(platform.endpoints(), platform.tokens(), tenant);
        // Sign-ins whose push died with an instance end within 20 s instead of the default 60 s.
        calls.challengePolicy(2, 20).expect(200);

        Authenticator app = new Authenticator(new AccountStore(Files.createTempDirectory("tweestap-scaleout-")));
        WizardOverHttp wizard = new WizardOverHttp(calls, app);
        List<LoadPhone> phones = new ArrayList<>();
        long enrolStart = System.nanoTime();
        // A few at a time, as people arrive at work: the wizard's pages, the activation and the test push overlap.
        ExecutorService enrolling = Executors.newFixedThreadPool(4);
        try {
            List<Future<LinkedAccount>> linked = new ArrayList<>();
            for (int i = 0; i < people; i++) {
                int person = i;
                linked.add(enrolling.submit(() -> wizard.linkDevice("person-" + person, "Phone " + person)));
            }
            for (Future<LinkedAccount> account : linked) {
                phones.add(new LoadPhone(app, account.get(3, TimeUnit.MINUTES)));
            }
        } finally {
            enrolling.shutdownNow();
        }
        // Three more people sign in by SMS code beside the pushes, so that a code sent twice or lost would show.
        // The third one's number ends in 0408: the Vonage sandbox answers sends to it after 12 s, beyond
        // sms-service's 5 s Vonage timeout (issue 12 item 5), so each of that person's codes is sent once,
        // answered too late, and must still arrive once and sign them in. (Numbers ending 0429 or 0500 are the
        // sandbox's failing ones: avoided.)
        Map<String, SandboxPhone> smsPeople = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            int random = ThreadLocalRandom.current().nextInt(1, 9_999_999);
            String subscriber = i < 2 ? (1 + i) + String.format("%07d", random / 10 * 10 + 1)
                    : "3" + String.format("%03d", random % 1000) + SLOW_VONAGE_SUFFIX;
            String user = i < 2 ? "sms-person-" + i : SLOW_VONAGE_PERSON;
            SandboxPhone inbox = new SandboxPhone(platform.endpoints().vonageSandbox(), "316" + subscriber);
            wizard.linkDeviceAndPhone(user, "SMS phone " + i, "06" + subscriber, inbox);
            smsPeople.put(user, inbox);
        }
        Duration enrolled = Duration.ofNanos(System.nanoTime() - enrolStart);
        Map<String, Integer> textsAfterEnrolment = new LinkedHashMap<>();
        smsPeople.forEach((user, inbox) -> textsAfterEnrolment.put(user, inbox.messages().size()));

        try {
            List<FaultLog.Fault> faults;
            List<SignInLoad.Outcome> outcomes;
            List<String> failures;
            Duration load;
            int queued;
            Duration longestWait;
            Duration served;
            SmsSignIns smsSignIns = new SmsSignIns(calls);
            try (SignInLoad signIns = new SignInLoad(calls, phones).queueingArrivals()) {
                FaultLog log = new FaultLog();
                Thread faultsThread = new Thread(() -> injectFaults(log), "faults");
                faultsThread.start();
                long loadStart = System.nanoTime();
                long minimumEnd = loadStart + minimumLoad.toNanos();
                java.util.concurrent.atomic.AtomicLong end = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
                List<Thread> smsThreads = new ArrayList<>();
                smsPeople.forEach((user, inbox) -> smsThreads.add(smsSignIns.start(user, inbox, user.equals(SLOW_VONAGE_PERSON), end::get)));
                // The load goes on until every fault was injected and healed, and then AFTER_FAULTS longer.
                load = signIns.run(rate, () -> {
                    if (!faultsThread.isAlive() && end.get() == Long.MAX_VALUE) {
                        end.set(Math.max(minimumEnd, System.nanoTime() + AFTER_FAULTS.toNanos()));
                    }
                    return System.nanoTime() < end.get();
                });
                faultsThread.join(Duration.ofMinutes(5).toMillis());
                signIns.awaitQuiet(Duration.ofMinutes(3));
                served = Duration.ofNanos(System.nanoTime() - loadStart);
                for (Thread sms : smsThreads) {
                    sms.join(Duration.ofMinutes(2).toMillis());
                }
                faults = log.faults();
                outcomes = signIns.outcomes();
                failures = signIns.failures();
                queued = signIns.queued();
                longestWait = signIns.longestWait();
            }
            assertThat(faults).as("faults injected").hasSize(SERVICES.size() + (RESTART_POSTGRES ? 2 : 1));
            assertThat(PlatformRetry.longestCall()).as("the longest platform call (not a long-poll): refused quickly, never hung: %s; faults: %s",
                            PlatformRetry.longestCallDescribed(), FaultLog.describe(faults, outcomes))
                    .isLessThan(Duration.ofSeconds(10));
            // Behind a Vonage that answers after sms-service's 5 s timeout a create waits that long, twice when its
            // send is asked again (decision 0098), each ask bounded by challenge-service's 10 s read timeout.
            assertThat(PlatformRetry.longestBehindSlowVonage()).as("the longest SMS sign-in create behind the slow Vonage")
                    .isLessThan(Duration.ofSeconds(30));
            System.out.println("Approved per 5 s, faults in brackets: " + FaultLog.timeline(faults, outcomes));
            Invariants invariants = new Invariants(platform, calls, tenant, outcomes, phones);
            invariants.assertAll(failures);
            invariants.assertEachSmsSentOnce(smsSignIns, smsPeople, textsAfterEnrolment);
            assertThat(smsSignIns.outcomes()).as("sign-ins by the person whose sends Vonage answers too late")
                    .anyMatch(o -> o.userId().equals(SLOW_VONAGE_PERSON));
            String replay = rewindEveryConsumerGroup(phones);
            System.out.printf(Locale.ROOT, "ScaleOut: %d sign-ins completed (%d approved) at %.0f/s offered for %d s, %d of them"
                            + " waited for one of the %d people to be free (longest %.1f s), all decided within %d s: %.1f approved/s;"
                            + " %d answers 503 (%d with Retry-After), longest call %.1f s (%s), %d SMS sign-ins (%d of them by a person"
                            + " Vonage answers after its timeout, longest create %.1f s), %d people enrolled in %.1f s; %s; %s%n",
                    outcomes.size(), invariants.approved(), rate, load.toSeconds(), queued, people, longestWait.toMillis() / 1000.0,
                    served.toSeconds(), invariants.approved() / (served.toMillis() / 1000.0),
                    PlatformRetry.unavailable(), PlatformRetry.unavailableWithRetryAfter(),
                    PlatformRetry.longestCall().toMillis() / 1000.0, PlatformRetry.longestCallDescribed(), smsSignIns.outcomes().size(),
                    smsSignIns.outcomes().stream().filter(o -> o.userId().equals(SLOW_VONAGE_PERSON)).count(),
                    PlatformRetry.longestBehindSlowVonage().toMillis() / 1000.0, people + smsPeople.size(),
                    enrolled.toMillis() / 1000.0,
                    FaultLog.describe(faults, outcomes), replay);
        } finally {
            phones.forEach(LoadPhone::close);
        }
    }

    /**
     * Every service that consumes stopped, its consumer group reset to the start of its topics with Kafka's own
     * tool, started again: the replay is applied by the inboxes as already seen, so no event is
     * published again and no phone gets a push again.
     */
    private static String rewindEveryConsumerGroup(List<LoadPhone> phones) {
        ConsumerGroups groups = platform.consumerGroups();
        Map<TopicPartition, Long> published = groups.endOffsets(EventLedger.TOPICS);
        int pushes = phones.stream().mapToInt(phone -> phone.receipts().size()).sum();
        CONSUMERS.forEach(platform::stopGracefully);
        CONSUMERS.forEach(svc -> groups.rewind(svc + "-service"));
        long restart = System.nanoTime();
        platform.startWhatIsDown();
        CONSUMERS.forEach(svc -> groups.awaitCaughtUp(svc + "-service", Duration.ofMinutes(3)));
        Duration replayed = Duration.ofNanos(System.nanoTime() - restart);
        // sms-service consumes nothing and runs on throughout: its sweep may settle a send Vonage never
        // answered (the slow-Vonage person's) while the others replay. That is its own schedule, not the
        // replay; every other record written meanwhile would be an event published again.
        List<EventLedger.Event> meanwhile = EventLedger.read(platform.operationsKafkaClient()).all().stream()
                .filter(event -> event.offset() >= published.getOrDefault(new TopicPartition(event.topic(), event.partition()), 0L))
                .toList();
        assertThat(meanwhile).as("events written while every group replayed its topics")
                .allMatch(event -> "SmsDeliveryFailed".equals(event.type()) && "send-unconfirmed".equals(event.field("reason")));
        assertThat(phones.stream().mapToInt(phone -> phone.receipts().size()).sum()).as("pushes on the phones after the replay")
                .isEqualTo(pushes);
        return String.format(Locale.ROOT, "consumer groups rewound to the start: %d events replayed, %d instances restarted"
                + " and caught up in %.1f s, nothing published or pushed again",
                published.values().stream().mapToLong(Long::longValue).sum(),
                CONSUMERS.stream().mapToInt(svc -> platform.instances(svc).size()).sum(), replayed.toMillis() / 1000.0);
    }

    /** One instance of each service, then the busiest broker, each a little after the last; then all start again. */
    private static void injectFaults(FaultLog log) {
        try {
            pause(BETWEEN_KILLS);
            for (String svc : SERVICES) {
                Instance leader = platform.relayLeader(svc);
                Instance other = platform.instances(svc).stream().filter(i -> i.index() != leader.index()).findFirst().orElseThrow();
                long killed = System.nanoTime();
                platform.kill(leader);
                Duration takeover = platform.awaitRelayLeader(other, Duration.ofSeconds(30));
                log.add(new FaultLog.Fault(svc + "-" + leader.index(), killed, takeover));
                pause(BETWEEN_KILLS);
            }
            int broker = platform.brokerLeadingMost(CHALLENGE_TOPIC);
            long killed = System.nanoTime();
            platform.killBroker(broker);
            Duration takeover = platform.awaitNewPartitionLeaders(CHALLENGE_TOPIC, broker, Duration.ofSeconds(60));
            log.add(new FaultLog.Fault("broker-" + broker, killed, takeover));
            pause(BETWEEN_KILLS);
            platform.startWhatIsDown();
            if (RESTART_POSTGRES) {
                pause(BETWEEN_KILLS);
                long stopped = System.nanoTime();
                MachinePostgres.restart(Duration.ofSeconds(8));
                log.add(new FaultLog.Fault("postgresql", stopped, platform.awaitAllReady(Duration.ofMinutes(3))));
            }
        } catch (RuntimeException e) {
            log.failed(e);
        }
    }

    private static void pause(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
