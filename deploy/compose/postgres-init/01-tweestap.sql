-- Roles and databases of the four Tweestap services. Idempotent: PostgreSQL's
-- docker entrypoint runs it on first start (docker-compose.yml), and
-- deploy/local/platform prepare runs it against the local PostgreSQL on every call.
-- Per service <svc>: role <svc> (LOGIN, password <svc>; under trust auth the password
-- is ignored, so one configuration works everywhere) owning databases <svc> (the local platform), <svc>_test (the module tests)
-- and <svc>_e2e (the system tests in e2e, which start the packaged services beside them).

DO $$
DECLARE
  svc text;
BEGIN
  FOREACH svc IN ARRAY ARRAY['enrollment', 'challenge', 'notification', 'sms'] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = svc) THEN
      EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', svc, svc);
    ELSE
      EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', svc, svc);
    END IF;
  END LOOP;
END
$$;

-- CREATE DATABASE cannot run inside DO; \gexec runs each generated statement.
SELECT format('CREATE DATABASE %I OWNER %I', d.name, d.owner)
FROM (VALUES ('enrollment', 'enrollment'), ('enrollment_test', 'enrollment'), ('enrollment_e2e', 'enrollment'),
             ('challenge', 'challenge'), ('challenge_test', 'challenge'), ('challenge_e2e', 'challenge'),
             ('notification', 'notification'), ('notification_test', 'notification'), ('notification_e2e', 'notification'),
             ('sms', 'sms'), ('sms_test', 'sms'), ('sms_e2e', 'sms')) AS d(name, owner)
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = d.name)
\gexec

SELECT format('ALTER DATABASE %I OWNER TO %I', d.name, d.owner)
FROM (VALUES ('enrollment', 'enrollment'), ('enrollment_test', 'enrollment'), ('enrollment_e2e', 'enrollment'),
             ('challenge', 'challenge'), ('challenge_test', 'challenge'), ('challenge_e2e', 'challenge'),
             ('notification', 'notification'), ('notification_test', 'notification'), ('notification_e2e', 'notification'),
             ('sms', 'sms'), ('sms_test', 'sms'), ('sms_e2e', 'sms')) AS d(name, owner)
\gexec
