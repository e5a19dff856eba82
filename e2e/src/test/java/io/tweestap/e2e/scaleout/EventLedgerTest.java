package io.tweestap.e2e.scaleout;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The ledger compares events by the catalogue's name, whatever source prefix and version the CloudEvents type carries. */
class EventLedgerTest {

    @Test
    void anEventIsKnownByItsNameWithoutSourceAndVersion() {
        assertThat(EventLedger.eventName("tweestap.challenge.ChallengeCreated.v1")).isEqualTo("ChallengeCreated");
        assertThat(EventLedger.eventName("tweestap.notification.NotificationDelivered.v12")).isEqualTo("NotificationDelivered");
        assertThat(EventLedger.eventName("ChallengeApproved")).isEqualTo("ChallengeApproved");
        assertThat(EventLedger.eventName(null)).isEmpty();
    }
}
