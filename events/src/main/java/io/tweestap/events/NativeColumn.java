package io.tweestap.events;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.UUID;

/**
 * A column of a native query of the reactive session, as the service means it: the driver maps
 * {@code timestamptz} to {@link OffsetDateTime}, {@link Instant} or a {@link Date} depending on the
 * query and the Hibernate version, and {@code uuid} to a {@link UUID} or its text.
 */
public final class NativeColumn {

    private NativeColumn() {
    }

    /** A {@code timestamptz} column; null stays null. */
    public static Instant instant(Object value) {
        if (value == null || value instanceof Instant) {
            return (Instant) value;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof Date time) {
            return time.toInstant();
        }
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass().getName());
    }

    /** A {@code uuid} column; null stays null. */
    public static UUID uuid(Object value) {
        return value == null || value instanceof UUID ? (UUID) value : UUID.fromString(value.toString());
    }
}
