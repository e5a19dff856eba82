package io.tweestap.sms.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;

/** A user's phone number; verified once the user typed a code sent to it. */
@Entity
public class Phone extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(nullable = false)
    public String e164;

    @Column(name = "region_code", nullable = false)
    public String regionCode;

    @Column(name = "masked_number", nullable = false)
    public String maskedNumber;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "verified_at")
    public Instant verifiedAt;

    public static Phone of(String tenantId, String userId, PhoneNumber number, Instant now) {
        Phone phone = new Phone();
        phone.id = UUID.randomUUID();
        phone.tenantId = tenantId;
        phone.userId = userId;
        phone.e164 = number.e164();
        phone.regionCode = number.regionCode();
        phone.maskedNumber = number.masked();
        phone.createdAt = now;
        return phone;
    }

    public boolean verified() {
        return verifiedAt != null;
    }
}
