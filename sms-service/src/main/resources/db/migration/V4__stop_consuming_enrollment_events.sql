-- sms-service no longer consumes mfa.enrollment.events.v1 (decision 0060): nothing read the
-- EnrollmentStarted projection, and it applied no other enrollment event. The inbox rows only
-- said which of those events had been applied; a future consumer must apply them afresh.
DROP TABLE IF EXISTS user_enrollment;
DELETE FROM inbox WHERE consumer = 'sms-service';
