#!/usr/bin/env bash
# docker-compose only (PostgreSQL's entrypoint runs it after 01-tweestap.sql on first start):
# each service role gets the password its service is given in docker-compose.yml
# (TWEESTAP_<SVC>_DB_PASSWORD) instead of its role name, which the services refuse in production.
set -euo pipefail
for svc in enrollment challenge notification sms; do
  var="TWEESTAP_${svc^^}_DB_PASSWORD"
  password="${!var:-}"
  [[ -n "$password" ]] || { echo "02-service-passwords.sh: $var is not set" >&2; exit 1; }
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v role="$svc" -v password="$password" <<'SQL'
ALTER ROLE :"role" PASSWORD :'password';
SQL
done
