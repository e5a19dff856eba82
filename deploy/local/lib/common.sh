# shellcheck shell=bash disable=SC2034
# Shared helpers of the deploy/local scripts. Source it; do not run it.

TW_LOCAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TW_ROOT="$(cd "$TW_LOCAL_DIR/../.." && pwd)"
TW_RUN="$TW_LOCAL_DIR/.run"
# What one platform run keeps (pid files, logs, broker data, balancer): TWEESTAP_RUN_DIR moves it, so a
# test can run its own platform beside the demo's. Jars, keys and Kafka passwords stay in $TW_RUN.
TW_STATE="$(realpath -m "${TWEESTAP_RUN_DIR:-$TW_RUN}")"
TW_LOGS="$TW_STATE/logs"
TW_KAFKA_HOME="$TW_RUN/kafka"
TW_KAFKA_LIBS="$TW_KAFKA_HOME/libs"
TW_KAFKA_CLASSES="$TW_KAFKA_HOME/classes"
# Kafka identities (decision 0063): the ACLs of every broker that is started secured, and the
# local platform's SCRAM users (<name>=<password>, generated once, never committed).
TW_KAFKA_ACLS="$TW_ROOT/deploy/kafka-acls"
TW_KAFKA_USERS="$TW_KAFKA_HOME/users"
TW_KAFKA_PRINCIPALS=(admin enrollment-service challenge-service notification-service sms-service operations)
TW_JWT_DIR="$TW_RUN/jwt"
TW_JWT_ISSUER="https://tweestap.local/dev"

# service name -> port / module
TW_SERVICES=(enrollment challenge notification sms)
declare -A TW_PORT=([enrollment]=8081 [challenge]=8082 [notification]=8083 [sms]=8084)

# topic:partitions, created explicitly (auto.create.topics.enable=false)
TW_TOPICS=()
for _t in mfa.enrollment.events.v1 mfa.challenge.events.v1 mfa.notification.events.v1 mfa.sms.events.v1; do
  TW_TOPICS+=("$_t:6" "$_t.dlq:3")
done
unset _t

tw_info() { printf '[tweestap] %s\n' "$*"; }
tw_warn() { printf '[tweestap] WARNING: %s\n' "$*" >&2; }
tw_die()  { printf '[tweestap] ERROR: %s\n' "$*" >&2; exit 1; }

tw_now_ms() { date +%s%3N; }
tw_secs_since() { # start_ms -> "1.234"
  local d=$(( $(tw_now_ms) - $1 ))
  printf '%d.%01d' $((d / 1000)) $(((d % 1000) / 100))
}

# Resolve the Kafka jars from Maven Central once (deploy/local/kafka/pom.xml).
tw_ensure_kafka_libs() {
  mkdir -p "$TW_KAFKA_HOME"
  if compgen -G "$TW_KAFKA_LIBS/kafka_2.13-*.jar" >/dev/null; then return 0; fi
  (
    flock 9
    if ! compgen -G "$TW_KAFKA_LIBS/kafka_2.13-*.jar" >/dev/null; then
      tw_info "resolving Kafka jars into $TW_KAFKA_LIBS (once) ..."
      local tmp="$TW_KAFKA_HOME/libs.tmp.$$"
      rm -rf "$tmp"
      (cd "$TW_ROOT" && ./mvnw -B -q -ntp -f deploy/local/kafka/pom.xml \
          dependency:copy-dependencies -DoutputDirectory="$tmp") \
        || { rm -rf "$tmp"; tw_die "could not resolve the Kafka jars (see Maven output above)"; }
      rm -rf "$TW_KAFKA_LIBS"
      mv "$tmp" "$TW_KAFKA_LIBS"
    fi
  ) 9>"$TW_KAFKA_HOME/.libs.lock"
}

# Compile the admin helper (one JVM for wait + topic creation + identities) when needed.
tw_kafka_admin_stale() { # a source newer than the compiled classes?
  local cls="$TW_KAFKA_CLASSES/LocalKafkaAdmin.class" src
  [[ -f "$cls" ]] || return 0
  for src in "$TW_LOCAL_DIR"/kafka/*.java; do
    [[ "$src" -nt "$cls" ]] && return 0
  done
  return 1
}
tw_ensure_kafka_admin() {
  tw_ensure_kafka_libs
  tw_kafka_admin_stale || return 0
  (
    flock 9
    if tw_kafka_admin_stale; then
      local tmp="$TW_KAFKA_HOME/classes.tmp.$$"
      rm -rf "$tmp"; mkdir -p "$tmp"
      javac -nowarn --release 17 -cp "$(tw_kafka_client_cp)" -d "$tmp" "$TW_LOCAL_DIR"/kafka/*.java \
        || { rm -rf "$tmp"; tw_die "could not compile $TW_LOCAL_DIR/kafka/*.java"; }
      rm -rf "$TW_KAFKA_CLASSES"
      mv "$tmp" "$TW_KAFKA_CLASSES"
    fi
  ) 9>"$TW_KAFKA_HOME/.classes.lock"
}

# Minimal classpath of the admin helper: kafka-clients without log4j (starts ~0.7 s faster).
tw_kafka_client_cp() {
  local cp="" j
  for j in "$TW_KAFKA_LIBS"/kafka-clients-*.jar "$TW_KAFKA_LIBS"/slf4j-api-*.jar \
           "$TW_KAFKA_LIBS"/lz4-java-*.jar "$TW_KAFKA_LIBS"/snappy-java-*.jar "$TW_KAFKA_LIBS"/zstd-jni-*.jar; do
    cp="$cp:$j"
  done
  echo "${cp#:}"
}

# Run the admin helper (deploy/local/kafka/LocalKafkaAdmin.java).
tw_kafka_admin() {
  java -Xms32m -Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider \
    -cp "$TW_KAFKA_CLASSES:$(tw_kafka_client_cp)" LocalKafkaAdmin "$@" \
    2> >(grep -v '^SLF4J(I)' >&2)
}

# The local platform's Kafka users file: one random password per principal, made once.
tw_ensure_kafka_users() {
  mkdir -p "$TW_KAFKA_HOME"
  (
    flock 9
    local name
    for name in "${TW_KAFKA_PRINCIPALS[@]}"; do
      if ! grep -q "^$name=" "$TW_KAFKA_USERS" 2>/dev/null; then
        (umask 077 && echo "$name=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)" >>"$TW_KAFKA_USERS")
      fi
    done
    chmod 600 "$TW_KAFKA_USERS"
  ) 9>"$TW_KAFKA_HOME/.users.lock"
}

# The password of local platform user $1.
tw_kafka_password() { sed -n "s/^$1=//p" "$TW_KAFKA_USERS" | head -n 1; }

# Client settings file for local platform user $1 (SASL_PLAINTEXT, SCRAM-SHA-512); prints its path.
tw_kafka_client_config() {
  local file="$TW_KAFKA_HOME/$1.client.properties"
  (umask 077 && cat >"$file" <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$1" password="$(tw_kafka_password "$1")";
EOF
  )
  echo "$file"
}

# Run a Kafka tool class with the quiet tools logging.
tw_kafka_java() {
  java -Xms64m -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -Dlog4j2.configurationFile="$TW_LOCAL_DIR/kafka/log4j2-tools.xml" \
    -cp "$TW_KAFKA_CLASSES:$TW_KAFKA_LIBS/*" "$@"
}

# Is something listening on 127.0.0.1:$1 ?
tw_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Does process $1 run with the exact argument $2 ?
tw_pid_has_arg() {
  local pid="$1" arg="$2"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "$arg"
}

# Read a pid file and print the pid if that process is alive and carries marker $2.
tw_live_pid() {
  local pidfile="$1" marker="$2" pid
  [[ -f "$pidfile" ]] || return 1
  pid="$(cat "$pidfile" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tw_pid_has_arg "$pid" "$marker" || return 1
  echo "$pid"
}

# Stop pid $1 (SIGTERM, wait up to $2 s, then SIGKILL). Returns 1 if SIGKILL was needed.
tw_stop_pid() {
  local pid="$1" wait_s="${2:-30}" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < wait_s * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  tw_warn "process $pid did not stop within ${wait_s}s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || return 1; sleep 0.1; done
  return 1
}

# The dev JWT key pair (RS256): PKCS#8 private.pem and public.pem in $TW_JWT_DIR.
# Both are also copied to deploy/compose/jwt/ for docker-compose (gitignored).
tw_ensure_jwt_keys() {
  mkdir -p "$TW_JWT_DIR"
  if [[ ! -s "$TW_JWT_DIR/private.pem" || ! -s "$TW_JWT_DIR/public.pem" ]]; then
    (
      flock 9
      if [[ ! -s "$TW_JWT_DIR/private.pem" || ! -s "$TW_JWT_DIR/public.pem" ]]; then
        local tmp="$TW_JWT_DIR/.tmp.$$"
        rm -rf "$tmp"; mkdir -p "$tmp"
        (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$tmp/private.pem" 2>/dev/null) \
          || tw_die "openssl could not generate the JWT key pair"
        openssl pkey -in "$tmp/private.pem" -pubout -out "$tmp/public.pem" 2>/dev/null
        mv -f "$tmp/public.pem" "$TW_JWT_DIR/public.pem"
        mv -f "$tmp/private.pem" "$TW_JWT_DIR/private.pem"
        rmdir "$tmp"
        tw_info "generated the dev JWT key pair in $TW_JWT_DIR (RS256, issuer $TW_JWT_ISSUER)"
      fi
    ) 9>"$TW_JWT_DIR/.lock"
  fi
  local compose_key="$TW_ROOT/deploy/compose/jwt/public.pem"
  if [[ -d "$(dirname "$compose_key")" ]] && ! cmp -s "$TW_JWT_DIR/public.pem" "$compose_key"; then
    cp "$TW_JWT_DIR/public.pem" "$compose_key.tmp.$$" && mv -f "$compose_key.tmp.$$" "$compose_key"
  fi
  # The compose enrollment- and challenge-service sign their service tokens with the dev private key.
  # Readable by all (0644): the containers run as uid 185, not as you; it is the dev key only.
  local compose_signing_key="$TW_ROOT/deploy/compose/jwt/private.pem"
  if [[ -d "$(dirname "$compose_signing_key")" ]] && ! cmp -s "$TW_JWT_DIR/private.pem" "$compose_signing_key"; then
    cp "$TW_JWT_DIR/private.pem" "$compose_signing_key.tmp.$$" && chmod 0644 "$compose_signing_key.tmp.$$" \
      && mv -f "$compose_signing_key.tmp.$$" "$compose_signing_key"
  fi
}

# docker-compose's sms-service places "call me" calls as a Vonage application, signing with its key
# in deploy/compose/vonage/ (gitignored). Made here, when absent, for the compose Vonage sandbox, which
# takes any key; a platform team with a Vonage account puts its application's key there instead, and
# this never replaces it. Readable by all (0644): the container runs as uid 185; a throwaway key.
tw_ensure_compose_vonage_key() {
  local key="$TW_ROOT/deploy/compose/vonage/private.key"
  [[ -d "$(dirname "$key")" && ! -s "$key" ]] || return 0
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$key.tmp.$$" 2>/dev/null \
    || tw_die "openssl could not generate $key"
  chmod 0644 "$key.tmp.$$" && mv -f "$key.tmp.$$" "$key"
  tw_info "generated a throwaway Vonage application key for the compose sandbox: $key"
}

# tw_ensure_debian_package <command> <why>: apt-get install the package of the same name when the command is missing.
tw_ensure_debian_package() {
  command -v "$1" >/dev/null && return 0
  tw_info "installing $2 (Debian package $1) ..."
  tw_apt_install "$1"
}

# Another apt-get running at the same moment (a second test run, the machine's own updates) holds
# dpkg's lock: wait for it up to 5 min instead of failing at once.
tw_apt_install() {
  local wait=(-o DPkg::Lock::Timeout=300)
  if [[ $(id -u) -eq 0 ]]; then
    apt-get "${wait[@]}" update -qq
    DEBIAN_FRONTEND=noninteractive apt-get "${wait[@]}" install -y -qq "$@" >/dev/null
  else
    sudo -n apt-get "${wait[@]}" update -qq
    sudo -n env DEBIAN_FRONTEND=noninteractive apt-get "${wait[@]}" install -y -qq "$@" >/dev/null
  fi
}

# Headless Chromium and its driver: the browser of the wizard tests, e2e and the demo.
tw_ensure_chromium() {
  [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] && return 0
  tw_info "installing chromium and chromium-driver (the headless browser that walks the setup wizard) ..."
  tw_apt_install chromium chromium-driver
}
