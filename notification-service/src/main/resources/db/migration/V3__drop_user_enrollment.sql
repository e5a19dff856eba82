-- Nothing ever read the EnrollmentStarted projection of V1 (decision 0060); the events stay on Kafka.
DROP TABLE IF EXISTS user_enrollment;
