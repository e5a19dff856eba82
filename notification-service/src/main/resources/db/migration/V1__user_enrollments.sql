-- What this service knows of each user's registration, learned from EnrollmentStarted.
CREATE TABLE user_enrollment (
    tenant_id           text        NOT NULL,
    user_id             text        NOT NULL,
    enrollment_id       text        NOT NULL,
    started_at          timestamptz NOT NULL,
    -- Counts wizard starts; a user restarting over and over is worth a look from operations.
    enrollments_started int         NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);

CREATE INDEX user_enrollment_by_enrollment ON user_enrollment (enrollment_id);
