package io.tweestap.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The key one user's lock is taken on (the locking itself is exercised by the services' concurrency tests). */
class AdvisoryLockTest {

    @Test
    void aUsersKeyKeepsTenantAndUserApart() {
        assertThat(AdvisoryLock.userKey("a", "bc")).isNotEqualTo(AdvisoryLock.userKey("ab", "c"));
    }

    @Test
    void aUsersKeyIsTheOneTheServicesAlwaysLockedOn() {
        // The same text as before the lock was shared: a rolling upgrade's old and new instances lock alike.
        assertThat(AdvisoryLock.userKey("tenant", "user")).isEqualTo("tenant\nuser");
    }

    @Test
    void locksOfOneClassAreOneValue() {
        assertThat(new AdvisoryLock(70)).isEqualTo(new AdvisoryLock(70)).isNotEqualTo(new AdvisoryLock(71));
    }
}
