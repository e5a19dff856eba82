package io.tweestap.challenge.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/** Per-user protection against push bombing and after a fraud report. */
@Entity
@Table(name = "user_guard")
public class UserGuard extends PanacheEntityBase {

    @EmbeddedId
    public UserKey key;

    @Column(name = "fraud_blocked_at")
    public Instant fraudBlockedAt;

    @Column(name = "consecutive_failures", nullable = false)
    public int consecutiveFailures;

    /** Sign-in pushes sent since the last approved sign-in; kept here so purging old challenges cannot reset it. */
    @Column(name = "pushes_since_success", nullable = false)
    public int pushesSinceSuccess;

    @Column(name = "suppressed_until")
    public Instant suppressedUntil;

    /** An approved sign-in, by push or SMS code: the counts since the last success start again. */
    public void succeeded() {
        consecutiveFailures = 0;
        pushesSinceSuccess = 0;
    }

    /** A denial or time-out; {@code failuresBeforeSuppression} in a row pause pushes for {@code suppression}. */
    public void failed(int failuresBeforeSuppression, Duration suppression, Instant now) {
        consecutiveFailures++;
        if (consecutiveFailures >= failuresBeforeSuppression) {
            suppressedUntil = now.plus(suppression);
            consecutiveFailures = 0;
        }
    }

    public void fraudReported(Instant now) {
        fraudBlockedAt = now;
    }

    public boolean isSuppressedAt(Instant now) {
        return suppressedUntil != null && now.isBefore(suppressedUntil);
    }
}
