package io.tweestap.e2e;

import io.tweestap.e2e.load.LoadLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform under sign-in load on this machine, beside the machine's own ceilings (issue 13):
 * pgbench with the writes one sign-in needs at the least and Kafka's producer at {@code acks=all};
 * people enrolled through the setup wizard, each phone holding its push stream open and answering
 * every push at once with the right number; closed-loop sign-ins at 1, 4, 16 and 64 at a time and
 * an open loop at a fixed rate; SMS code checks. Prints one {@code Load:} line each.
 *
 * <p>The full run (about 8 minutes; it takes the machine, so run nothing else beside it):
 * {@code ./mvnw -B -ntp -pl e2e -am verify -Dtest=LoadBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtweestap.load=true}. The smoke run ({@link LoadSettings#smoke()}, part of the normal build, about
 * half a minute) is the same small and short: it checks that every part works and nothing fails, and
 * measures nothing worth reading.
 */
class LoadBenchmark {

    @Test
    @EnabledIfSystemProperty(named = "tweestap.load", matches = "true")
    void theWholeBenchmark() throws Exception {
        assertSound(new LoadRun(RunningTweestap.get(), LoadSettings.full()).run(), LoadSettings.full());
    }

    @Test
    void aSmokeRunOfEveryPart() throws Exception {
        assertSound(new LoadRun(RunningTweestap.get(), LoadSettings.smoke()).run(), LoadSettings.smoke());
    }

    /** Nothing failed and every line carries figures that can be true; how fast is not judged. */
    private static void assertSound(LoadRun.Result result, LoadSettings settings) {
        assertThat(result.pgbench().signInsPerSecond()).as("pgbench sign-in ceiling").isPositive();
        assertThat(result.kafka().recordsPerSecond()).as("Kafka producer ceiling").isPositive();
        assertThat(result.kafka().failed()).as("Kafka sends that failed").isZero();
        assertThat(result.enrolmentErrors()).as("enrolments that failed").isEmpty();
        assertThat(result.enrolled()).as("people enrolled").isEqualTo(settings.people());
        assertThat(result.enrolments().activationsPerSecond()).as("links + activations per second").isPositive();
        assertThat(result.enrolments().testPushesPerSecond()).as("test pushes per second").isPositive();
        assertThat(result.enrolments().perSecond()).as("enrolments per second").isPositive();
        assertThat(result.levels()).as("closed-loop levels and the open loop").hasSize(settings.levels().size() + 1);
        for (LoadLevel level : result.levels()) {
            assertThat(level.errors()).as(level.name() + ": errors").isZero();
            assertThat(level.signIns()).as(level.name() + ": sign-ins").isPositive();
            assertThat(level.toPush().ordered()).as(level.name() + ": created -> push " + level.toPush()).isTrue();
            assertThat(level.toApproved().ordered()).as(level.name() + ": created -> APPROVED " + level.toApproved()).isTrue();
            // the phone got the push before the sign-in page saw the approval the phone then gave
            assertThat(level.toApproved().p50()).as(level.name() + ": push before approval").isGreaterThan(level.toPush().p50());
            assertThat(level.cpuMillisPerSignIn()).as(level.name() + ": CPU per sign-in")
                    .containsKeys("enrollment", "challenge", "notification", "sms", "postgres", "kafka", "generator");
            assertThat(level.cpuMillisPerSignIn().get("challenge")).as(level.name() + ": challenge-service CPU").isPositive();
            assertThat(level.cpuMillisPerSignIn().get("postgres")).as(level.name() + ": PostgreSQL CPU").isPositive();
            // at the least: the create with its outbox row, the answer, the consumers' inbox rows
            assertThat(level.commits().get("challenge") / (double) level.signIns())
                    .as(level.name() + ": challenge-service commits per sign-in").isGreaterThanOrEqualTo(2);
            assertThat(level.shareOfCeiling()).as(level.name() + ": share of the pgbench ceiling").isPositive();
            // a Quarkus service holds tens of MiB at least and, with its 160 MiB heap, not gigabytes
            assertThat(level.residentMib()).as(level.name() + ": resident memory")
                    .containsOnlyKeys("enrollment", "challenge", "notification", "sms")
                    .allSatisfy((service, mib) -> assertThat(mib).as(service).isBetween(20L, 2048L));
        }
        assertThat(result.sms().errors()).as("SMS sends and code checks that failed").isEmpty();
        assertThat(result.sms().checks()).as("SMS codes checked").isEqualTo(settings.smsChecks());
        assertThat(result.lines()).as("the Load: lines").allMatch(line -> line.startsWith("Load: "))
                .hasSize(3 + (settings.warmUp().isZero() ? 0 : 1) + result.levels().size());
        assertThat(result.lines()).filteredOn(line -> line.contains("sign-ins/s"))
                .allMatch(line -> line.matches(".*created -> push p50 \\d+ / p90 \\d+ / p99 \\d+ / max \\d+ ms.*"
                        + "created -> APPROVED p50 \\d+ .*CPU ms per sign-in: .*commits per sign-in \\d+\\.\\d .*of the pgbench.*"
                        + "resident MiB at the end: enrollment \\d+, .*"));
    }
}
