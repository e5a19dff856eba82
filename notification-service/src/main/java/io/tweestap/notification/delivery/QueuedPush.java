package io.tweestap.notification.delivery;

import io.tweestap.events.NativeColumn;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;

/** A push row as delivery (stream, providers, sweeps) reads it. */
public record QueuedPush(UUID id, String tenantId, String userId, String deviceId, String kind, String reference,
        String payload, Instant requestedAt, Instant expiresAt, Instant createdAt, Boolean deliveryAwaited) {

    static final String COLUMNS = "id, tenant_id, user_id, device_id, kind, reference, payload, requested_at, expires_at, created_at,"
            + " delivery_awaited";

    /** The same columns, as a native query of the reactive session returns them. */
    static QueuedPush of(Object[] row) {
        return new QueuedPush(NativeColumn.uuid(row[0]), (String) row[1],
                (String) row[2], (String) row[3], (String) row[4], (String) row[5], (String) row[6], NativeColumn.instant(row[7]),
                NativeColumn.instant(row[8]), NativeColumn.instant(row[9]), (Boolean) row[10]);
    }

    static QueuedPush of(Row row) {
        return new QueuedPush(row.getUUID("id"), row.getString("tenant_id"), row.getString("user_id"),
                row.getString("device_id"), row.getString("kind"), row.getString("reference"), row.getString("payload"),
                row.getOffsetDateTime("requested_at").toInstant(), row.getOffsetDateTime("expires_at").toInstant(),
                row.getOffsetDateTime("created_at").toInstant(), row.getBoolean("delivery_awaited"));
    }
}
