package io.tweestap.challenge.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A tenant's own number length and expiry; absent means the service defaults. */
@Entity
@Table(name = "tenant_policy")
public class TenantPolicy extends PanacheEntityBase {

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    @Column(name = "number_length", nullable = false)
    public int numberLength;

    @Column(name = "expiry_seconds", nullable = false)
    public int expirySeconds;
}
