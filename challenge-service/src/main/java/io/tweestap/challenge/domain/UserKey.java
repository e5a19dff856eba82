package io.tweestap.challenge.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serializable;

@Embeddable
public record UserKey(@Column(name = "tenant_id") String tenantId, @Column(name = "user_id") String userId)
        implements Serializable {
}
