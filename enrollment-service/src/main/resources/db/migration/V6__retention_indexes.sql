-- The purge (ExpiredSetupPurge, decisions 0036 and 0071) also deletes enrollments untouched for
-- tweestap.enrollment.purge.enrollments-after and phone verifications left pending for
-- tweestap.enrollment.purge.pending-phones-after; these indexes keep each batch an index scan,
-- and the foreign keys' cascades (and the "no live link or session" checks) off a sequential scan.
CREATE INDEX enrollment_by_last_change ON enrollment ((coalesce(completed_at, created_at)));
CREATE INDEX enrollment_link_by_enrollment ON enrollment_link (enrollment_id);
CREATE INDEX wizard_session_by_enrollment ON wizard_session (enrollment_id);
CREATE INDEX activation_code_by_enrollment ON activation_code (enrollment_id);
CREATE INDEX phone_method_pending_by_age ON phone_method (requested_at) WHERE status = 'PENDING';
