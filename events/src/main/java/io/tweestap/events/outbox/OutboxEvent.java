package io.tweestap.events.outbox;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of the outbox: written in the business transaction, published and deleted by the relay. */
@Entity
@Table(name = "outbox")
public class OutboxEvent extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "aggregatetype", nullable = false)
    public String topic;

    @Column(name = "aggregateid", nullable = false)
    public String recordKey;

    @Column(nullable = false)
    public String type;

    public String subject;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public String payload;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    // seq and created_at are filled by the database.
}
