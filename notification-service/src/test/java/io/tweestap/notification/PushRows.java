package io.tweestap.notification;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.tweestap.testkit.OnVertx;
import java.time.Duration;

/**
 * The provider claim of a challenge's push row, read as the lease sees it and, to stage what an
 * instance that died mid-send leaves behind, written directly; and whether its stream frame was acknowledged.
 */
final class PushRows {

    private PushRows() {
    }

    /** The APNs / FCM sends of the row concluded (every answer recorded, or there was no channel); false while there is no row. */
    static boolean providersDone(String deviceId, String challengeId) {
        return Boolean.TRUE.equals(query("SELECT coalesce(bool_or(providers_done_at IS NOT NULL), false)", deviceId, challengeId));
    }

    /** Seconds since an instance claimed the row for the providers. */
    static double providerClaimAgeSeconds(String deviceId, String challengeId) {
        return ((Number) query("SELECT extract(epoch FROM now() - providers_claimed_at)", deviceId, challengeId)).doubleValue();
    }

    /** Claimed {@code age} ago; concluded, or not (the claiming instance is still sending, or died). */
    static void stageProviderClaim(String deviceId, String challengeId, Duration age, boolean concluded) {
        int updated = OnVertx.<Integer>await(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("UPDATE push SET providers_claimed_at = now() - make_interval(secs => :age),"
                        + " providers_done_at = " + (concluded ? "now()" : "NULL")
                        + " WHERE device_id = :device AND kind = 'challenge' AND reference = :challenge")
                .setParameter("age", age.toMillis() / 1000.0)
                .setParameter("device", deviceId)
                .setParameter("challenge", challengeId)
                .executeUpdate())));
        if (updated != 1) {
            throw new IllegalStateException("No push row of challenge " + challengeId + " for device " + deviceId);
        }
    }

    /** The device's stream acknowledged the challenge's frame; false while there is no row. */
    static boolean directAcked(String deviceId, String challengeId) {
        return Boolean.TRUE.equals(query("SELECT coalesce(bool_or(direct_acked_at IS NOT NULL), false)", deviceId, challengeId));
    }

    /** The challenge's push to the device was stopped (answered, expired, cancelled, device removed); false while there is no row. */
    static boolean closed(String deviceId, String challengeId) {
        return Boolean.TRUE.equals(query("SELECT coalesce(bool_or(closed_at IS NOT NULL), false)", deviceId, challengeId));
    }

    /** Every row of the device about {@code reference} (the challenge and its closing frame) expired {@code ago}. */
    static void expiredAgo(String deviceId, String reference, Duration ago) {
        int updated = OnVertx.<Integer>await(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("UPDATE push SET expires_at = now() - make_interval(secs => :ago)"
                        + " WHERE device_id = :device AND reference = :reference")
                .setParameter("ago", (double) ago.toSeconds())
                .setParameter("device", deviceId)
                .setParameter("reference", reference)
                .executeUpdate())));
        if (updated == 0) {
            throw new IllegalStateException("No push row about " + reference + " for device " + deviceId);
        }
    }

    /** The push id of the challenge's row for the device. */
    static String pushId(String deviceId, String challengeId) {
        return query("SELECT id::text", deviceId, challengeId).toString();
    }

    private static Object query(String select, String deviceId, String challengeId) {
        return OnVertx.await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery(select + " FROM push WHERE device_id = :device AND kind = 'challenge' AND reference = :challenge")
                .setParameter("device", deviceId)
                .setParameter("challenge", challengeId)
                .getSingleResult())));
    }
}
