package io.tweestap.e2e.scaleout;

import io.tweestap.e2e.journey.PlatformCalls;
import io.tweestap.e2e.journey.SandboxPhone;
import io.tweestap.e2e.scaleout.EventLedger.Event;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What must hold after a run, whatever died during it, checked against the platform's own answers
 * and the events on its topics rather than against what the load generator believed.
 */
final class Invariants {

    private static final Set<String> TERMINAL_EVENTS = Set.of("ChallengeApproved", "ChallengeDenied", "ChallengeExpired",
            "ChallengeCancelled");
    /** A push may come again if the connection it came on died this soon after: its ack may have died with it. */
    private static final Duration ACK_GRACE = Duration.ofSeconds(2);

    private final ScaledTweestap platform;
    private final PlatformCalls calls;
    private final String tenant;
    private final List<SignInLoad.Outcome> outcomes;
    private final List<LoadPhone> phones;

    Invariants(ScaledTweestap platform, PlatformCalls calls, String tenant, List<SignInLoad.Outcome> outcomes,
            List<LoadPhone> phones) {
        this.platform = platform;
        this.calls = calls;
        this.tenant = tenant;
        this.outcomes = outcomes;
        this.phones = phones;
    }

    long approved() {
        return outcomes.stream().filter(o -> "APPROVED".equals(o.status())).count();
    }

    void assertAll(List<String> failures) {
        assertThat(failures).as("sign-ins the platform could not complete a call for").isEmpty();
        assertThat(outcomes).as("sign-ins").isNotEmpty();
        assertThat(approved()).as("approved sign-ins of " + outcomes.size()).isGreaterThanOrEqualTo(outcomes.size() * 8L / 10);
        outcomes.stream().filter(SignInLoad.Outcome::deviceApproved).forEach(o ->
                assertThat(o.status()).as("sign-in " + o.challengeId() + " approved on the phone").isEqualTo("APPROVED"));

        EventLedger ledger = EventLedger.read(platform.operationsKafkaClient());
        for (int round = 0; round < 30 && !withoutTheirEvents(ledger).isEmpty(); round++) {
            PlatformRetry.pause(2000);
            ledger = EventLedger.read(platform.operationsKafkaClient());
        }
        assertThat(withoutTheirEvents(ledger)).as("sign-ins whose created and decided events are not both on the topic"
                + " (challenge -> status, events found)").isEmpty();
        assertThat(ledger.duplicateIds()).as("events on a topic more than once (ce_id -> copies)").isEmpty();

        Map<String, List<Event>> byChallenge = challengeEvents(ledger);
        Set<String> challenges = new LinkedHashSet<>(byChallenge.keySet());
        outcomes.forEach(o -> challenges.add(o.challengeId()));
        for (String challengeId : challenges) {
            String status = awaitTerminal(challengeId);
            List<String> events = byChallenge.getOrDefault(challengeId, List.of()).stream().map(Event::type).toList();
            // An SMS sign-in publishes no ChallengeCreated (it would make notification-service push).
            assertThat(events.get(0).equals("ChallengeCreated") ? events : List.of("ChallengeCreated", events.get(0)))
                    .as("events of challenge " + challengeId + " (" + status + "): " + events)
                    .containsExactly("ChallengeCreated", "Challenge" + capitalised(status));
        }
        assertUsersInOrder(ledger);

        ledger.byField(tenant, "NotificationDelivered", "challengeId").forEach((challengeId, delivered) ->
                assertThat(EventLedger.counts(delivered, e -> e.field("deviceId") + "/" + e.field("channel")).values())
                        .as("NotificationDelivered per device and channel of " + challengeId).allMatch(n -> n == 1));
        phones.forEach(this::assertNoPushAgainAfterItsAck);
    }

    /** Each SMS sign-in ended, and each sent exactly one text: the texts a phone got are its sign-ins. */
    void assertEachSmsSentOnce(SmsSignIns sms, Map<String, SandboxPhone> inboxes, Map<String, Integer> textsBefore) {
        assertThat(sms.failures()).as("SMS sign-ins that failed").isEmpty();
        assertThat(sms.outcomes()).as("SMS sign-ins").isNotEmpty();
        sms.outcomes().forEach(o -> assertThat(awaitTerminal(o.challengeId())).as("SMS sign-in " + o.challengeId())
                .isEqualTo(o.status()).isEqualTo("APPROVED"));
        inboxes.forEach((user, inbox) -> assertThat(inbox.messages().size() - textsBefore.get(user))
                .as("texts " + user + " got during the load, one per SMS sign-in; its sign-ins and the texts that came"
                        + " while each ran: " + sms.outcomes().stream().filter(o -> o.userId().equals(user))
                        .map(o -> o.challengeId() + " " + o.status() + " " + o.textsWhile()).toList())
                .isEqualTo((int) sms.outcomes().stream().filter(o -> o.userId().equals(user))
                        .map(SmsSignIns.SmsOutcome::challengeId).distinct().count()));
    }

    private Map<String, String> withoutTheirEvents(EventLedger ledger) {
        Map<String, List<Event>> events = challengeEvents(ledger);
        return outcomes.stream().filter(o -> events.getOrDefault(o.challengeId(), List.of()).size() < 2).limit(10)
                .collect(Collectors.toMap(SignInLoad.Outcome::challengeId, o -> o.status() + (o.adopted() ? " (adopted)" : "") + " "
                        + events.getOrDefault(o.challengeId(), List.of()).stream().map(Event::type).toList(), (a, b) -> a,
                        LinkedHashMap::new));
    }

    /** Created and terminal events of the tenant's challenges, in the order of their partition. */
    private Map<String, List<Event>> challengeEvents(EventLedger ledger) {
        return ledger.ofTenant(tenant).stream()
                .filter(e -> e.topic().equals("mfa.challenge.events.v1"))
                .filter(e -> e.type().equals("ChallengeCreated") || TERMINAL_EVENTS.contains(e.type()))
                .sorted(Comparator.comparingLong(Event::offset))
                .collect(Collectors.groupingBy(e -> e.field("challengeId"), LinkedHashMap::new, Collectors.toList()));
    }

    /**
     * One pending sign-in per person, and the next one starts only after the platform saw the last
     * decided: so each person's events alternate created, decided, created, ... in partition order.
     */
    private void assertUsersInOrder(EventLedger ledger) {
        Map<String, List<Event>> byUser = ledger.ofTenant(tenant).stream()
                .filter(e -> e.topic().equals("mfa.challenge.events.v1"))
                .filter(e -> e.type().equals("ChallengeCreated") || TERMINAL_EVENTS.contains(e.type()))
                .filter(e -> "SIGN_IN".equals(e.field("purpose")) || !e.type().equals("ChallengeCreated"))
                .sorted(Comparator.comparingInt(Event::partition).thenComparingLong(Event::offset))
                .collect(Collectors.groupingBy(e -> e.field("userId"), LinkedHashMap::new, Collectors.toList()));
        byUser.forEach((user, events) -> {
            List<String> open = new ArrayList<>();
            for (Event event : events) {
                String challengeId = event.field("challengeId");
                if (event.type().equals("ChallengeCreated")) {
                    open.add(challengeId);
                } else {
                    open.remove(challengeId);
                }
                assertThat(open).as(user + "'s sign-ins open at once, at " + event.type() + " " + challengeId).hasSizeLessThan(2);
            }
        });
    }

    private void assertNoPushAgainAfterItsAck(LoadPhone phone) {
        Map<String, List<LoadPhone.Receipt>> byChallenge = phone.receipts().stream()
                .collect(Collectors.groupingBy(LoadPhone.Receipt::challengeId));
        byChallenge.forEach((challengeId, receipts) -> {
            for (int i = 1; i < receipts.size(); i++) {
                LoadPhone.Receipt first = receipts.get(i - 1);
                boolean ackMayHaveDied = phone.connectionEnded(first.connection()) - first.receivedNanos() < ACK_GRACE.toNanos();
                assertThat(ackMayHaveDied).as(phone.account().userId() + " got challenge " + challengeId
                        + " again after acknowledging it on a connection that stayed open").isTrue();
            }
        });
    }

    private String awaitTerminal(String challengeId) {
        return Awaitility.await("challenge " + challengeId + " decided").atMost(Duration.ofSeconds(60))
                // Asked at once: by now nearly every challenge is decided, and a first look a second late,
                // for each of the run's ~1,500 challenges, made the check take 25 minutes.
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1))
                .until(() -> PlatformRetry.call("read a challenge", () -> calls.awaitDecision(challengeId, 0)).orElseThrow(),
                        answer -> answer.status() == 200 && !"PENDING".equals(answer.text("status")))
                .text("status");
    }

    private static String capitalised(String status) {
        return status.charAt(0) + status.substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
