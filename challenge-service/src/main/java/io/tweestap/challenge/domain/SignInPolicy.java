package io.tweestap.challenge.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** A tenant's own sign-in methods, and which administrator set them when; absent means every method. */
@Entity
@Table(name = "sign_in_policy")
public class SignInPolicy extends PanacheEntityBase {

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    @Column(name = "allows_push", nullable = false)
    public boolean allowsPush;

    @Column(name = "allows_sms", nullable = false)
    public boolean allowsSms;

    @Column(name = "allows_voice", nullable = false)
    public boolean allowsVoice;

    @Column(name = "fallback_after_seconds")
    public Integer fallbackAfterSeconds;

    @Column(name = "fallback_order")
    public String fallbackOrder;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The administrator's token subject, when the token has one. */
    @Column(name = "updated_by")
    public String updatedBy;

    public SignInRules rules() {
        Set<SignInMethod> methods = EnumSet.noneOf(SignInMethod.class);
        if (allowsPush) {
            methods.add(SignInMethod.PUSH);
        }
        if (allowsSms) {
            methods.add(SignInMethod.SMS);
        }
        if (allowsVoice) {
            methods.add(SignInMethod.VOICE);
        }
        return new SignInRules(methods, fallbackAfterSeconds == null ? Optional.empty() : Optional.of(
                new SignInRules.Fallback(Duration.ofSeconds(fallbackAfterSeconds), SignInRules.Fallback.orderOf(fallbackOrder))));
    }
}
