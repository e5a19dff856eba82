package io.tweestap.sms.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/** A tenant's own code rules, and which administrator set them when; absent means the configured defaults. */
@Entity
@Table(name = "code_policy")
public class CodePolicy extends PanacheEntityBase {

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    @Column(name = "code_length", nullable = false)
    public int codeLength;

    @Column(name = "lifetime_minutes", nullable = false)
    public int lifetimeMinutes;

    @Column(name = "max_checks", nullable = false)
    public int maxChecks;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The administrator's token subject, when the token has one. */
    @Column(name = "updated_by")
    public String updatedBy;

    public CodeRules rules() {
        return new CodeRules(codeLength, Duration.ofMinutes(lifetimeMinutes), maxChecks);
    }

    public void apply(CodeRules rules, String admin, Instant now) {
        codeLength = rules.length();
        lifetimeMinutes = rules.lifetimeMinutes();
        maxChecks = rules.maxChecks();
        updatedBy = admin;
        updatedAt = now;
    }
}
