# shellcheck shell=bash
# HAProxy in front of each service's instances: the load balancer of the scale-out layout
# (deploy/local/platform up --instances N; decision 0073). Source it after common.sh; do not run it.
#
# One frontend per service on its usual port, one backend with its instances; the device WebSocket and
# the long-polls pass through; a stats page (CSV at <stats>/;csv) shows which instance served what.

# tw_balancer_config <file> <statsPort> <errorDir> <svc>:<frontPort>:<port>[,<port>...] ...
tw_balancer_config() {
  local file="$1" stats="$2" errors="$3" spec svc front ports port i
  shift 3
  mkdir -p "$errors"
  # HAProxy answers itself only when no instance of a service is ready: a problem (RFC 9457) with
  # Retry-After, as the services' own 503s are, so clients back off the same way.
  printf '%s\r\n' "HTTP/1.1 503 Service Unavailable" "Content-Type: application/problem+json" \
    "Retry-After: 2" "Cache-Control: no-store" "Connection: close" "" \
    '{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"No instance of this service is ready; try again shortly."}' \
    >"$errors/503.http"
  {
    cat <<EOF
# written by deploy/local/platform (lib/balancer.sh); rewritten on every up
global
    log stdout format raw local0 info
    maxconn 4096

defaults
    mode http
    log global
    option httplog
    option dontlognull
    balance leastconn
    timeout connect 2s
    timeout http-request 10s
    timeout http-keep-alive 10s
    # longer than the longest long-poll (GET /challenges/{id}?wait=30)
    timeout client 65s
    timeout server 65s
    # an upgraded connection (the device WebSocket) may stay idle this long
    timeout tunnel 1h
    timeout client-fin 5s
    timeout server-fin 5s
    # A readiness answer is a SELECT 1 and a look at Kafka: well under a second, but a JIT-cold instance
    # on a busy host can take longer. 2 s marked healthy instances DOWN under load.
    timeout check 4s
    # A request is sent again, to another instance, only when that cannot do anything twice: a
    # connection that never opened (any method), or a GET/HEAD whose instance died or answered 503.
    # A POST that reached an instance is never replayed: the client sees the 502 and decides.
    retries 2
    option redispatch 1
    retry-on conn-failure empty-response 503
    option httpchk GET /q/health/ready
    http-check expect status 200
    default-server check inter 1s fastinter 500ms downinter 1s fall 2 rise 2
    errorfile 503 $errors/503.http

listen stats
    bind 127.0.0.1:$stats
    no log
    stats enable
    stats uri /
    stats refresh 5s
EOF
    for spec in "$@"; do
      IFS=':' read -r svc front ports <<<"$spec"
      printf '\nfrontend %s\n    bind 127.0.0.1:%s\n    default_backend %s\n\nbackend %s\n' "$svc" "$front" "$svc" "$svc"
      printf '    http-request disable-l7-retry if !METH_GET\n'
      i=0
      for port in ${ports//,/ }; do
        i=$((i + 1))
        printf '    server %s-%d 127.0.0.1:%s\n' "$svc" "$i" "$port"
      done
    done
  } >"$file"
}

tw_balancer_pid() { tw_live_pid "$1/haproxy.pid" "$1/haproxy.cfg"; }

# tw_balancer_start <dir> <log>: (re)starts HAProxy on <dir>/haproxy.cfg unless it runs with that very config.
tw_balancer_start() {
  local dir="$1" log="$2" pid
  tw_ensure_debian_package haproxy "HAProxy (the load balancer in front of the services' instances)"
  haproxy -c -q -f "$dir/haproxy.cfg" || tw_die "HAProxy rejects $dir/haproxy.cfg"
  if pid="$(tw_balancer_pid "$dir")"; then
    if cmp -s "$dir/haproxy.cfg" "$dir/haproxy.cfg.running"; then
      tw_info "HAProxy already running (pid $pid)"
      return 0
    fi
    tw_info "HAProxy's configuration changed: restarting it"
    tw_stop_pid "$pid" 10 || true
  fi
  cp "$dir/haproxy.cfg" "$dir/haproxy.cfg.running"
  # -db: in the foreground (its pid is ours to stop), logging every request to stdout
  (exec setsid nohup haproxy -db -f "$dir/haproxy.cfg") </dev/null >>"$log" 2>&1 &
  echo $! >"$dir/haproxy.pid"
  tw_info "started HAProxy (pid $!, log $log)"
}

tw_balancer_stop() {
  local dir="$1" pid
  if pid="$(tw_balancer_pid "$dir")"; then
    tw_stop_pid "$pid" 10 || true
    tw_info "HAProxy stopped (pid $pid)"
  fi
  rm -f "$dir/haproxy.pid"
}

# tw_balancer_servers <statsPort>: one line per instance: <backend> <server> <status> <sessions served>
tw_balancer_servers() {
  curl -fsS -m 3 "http://127.0.0.1:$1/;csv" 2>/dev/null \
    | awk -F, '$1 != "stats" && $2 != "FRONTEND" && $2 != "BACKEND" && $1 !~ /^#/ { print $1, $2, $18, $8 }'
}

# tw_balancer_await <statsPort> <servers> <seconds>: until HAProxy's checks see every instance UP.
tw_balancer_await() {
  local stats="$1" want="$2" deadline=$(($(tw_now_ms) + $3 * 1000)) up
  while :; do
    up="$(tw_balancer_servers "$stats" | awk '$3 == "UP"' | wc -l)"
    [[ "$up" -ge "$want" ]] && return 0
    if (($(tw_now_ms) > deadline)); then
      tw_warn "HAProxy sees $up of $want instances UP after $3 s:"
      tw_balancer_servers "$stats" >&2 || true
      return 1
    fi
    sleep 0.5
  done
}
