package io.tweestap.enrollment.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A tenant's registration policy: which methods a complete registration needs, and how often and
 * for how long a user may postpone ("snooze") it before it is enforced.
 */
@Entity
@Table(name = "tenant_policy")
public class TenantPolicy extends PanacheEntityBase {

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    @Column(name = "snooze_days", nullable = false)
    public int snoozeDays;

    @Column(name = "max_snoozes", nullable = false)
    public int maxSnoozes;

    @Column(name = "require_device", nullable = false)
    public boolean requireDevice;

    @Column(name = "require_phone", nullable = false)
    public boolean requirePhone;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
