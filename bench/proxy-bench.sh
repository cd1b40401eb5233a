#!/usr/bin/env bash
# proxy-bench.sh: Rookery's TCP proxy side by side with HAProxy (mode tcp, balance roundrobin) and
# nginx stream (upstream round robin), on one machine, in one run.
#
#   bench/proxy-bench.sh            (as root on a Debian/Ubuntu machine with at least 2 cores; a few minutes)
#
# Needs the built distribution (mvn -q -B package -DskipTests -pl distribution -am), a JDK 17, and
# nginx, haproxy, wrk and iperf3: any of them missing is installed with apt-get (after one
# apt-get update), and the script says so.
#
# Layout: each load balancer runs alone, pinned to CPU 0 (LB_CPU); the backends, the load
# generators and this script run on CPU 1 (LOAD_CPU). Rookery runs from a private copy of the
# distribution, with -XX:ActiveProcessorCount=1 and one event loop (conf/org.rookery.proxy.cfg:
# threads=1). Backends: one nginx (worker_processes 1) with three HTTP servers on
# 127.0.0.1:18181-18183 answering "ok" with keep-alive, and an iperf3 server on 127.0.0.1:15201 as
# the single node of a second service/backend/upstream. Every load balancer, backend and client is
# started from config files in a temporary directory, and stopped by the pid it got.
#
# For each load balancer, in turn (start, measure, stop):
#   1. new connections per second: wrk -c32 with 'Connection: close' (WARMUP s of warm-up, then DURATION s)
#   2. keep-alive requests per second: wrk -c32 (WARMUP s of warm-up, then DURATION s)
#   For a JVM (Rookery) the warm-up goes on, in JIT_SLICE s slices of the same load, while its JIT
#   compiler threads still took more than JIT_QUIET_PCT % of the slice, up to JIT_WARMUP_MAX s more: on
#   one core the compilers share the CPU with the event loop and their CPU time counts in the LB's.
#   3. TCP throughput: iperf3 -t IPERF_TIME through the load balancer (IPERF_WARMUP s of warm-up first)
# and the load balancer's CPU time over each measured window (utime+stime of all its processes and
# threads, /proc/PID/stat), per connection, per request and per gigabit. It prints a table and the
# Rookery/HAProxy ratios against the targets (CPU per request <= 1.25x, iperf3 throughput >= 0.8x).
# It is a benchmark, not a test: the exit status says whether it ran, not whether targets were met.
#
# Settings (environment): ROOKERY_DIST (distribution folder, default distribution/target/rookery),
# WARMUP (15), JIT_SLICE (5), JIT_QUIET_PCT (2), JIT_WARMUP_MAX (90), DURATION (10), CONNS (32), IPERF_TIME (10), IPERF_WARMUP (6), LB_CPU (0), LOAD_CPU (1),
# LBS ("rookery haproxy nginx", the load balancers to run, in order), TESTS ("close ka iperf", the
# measurements to make: e.g. TESTS=close for the new-connection rate alone; the others show "-"), KEEP_TMP (1 keeps the
# temporary directory with configs and logs), ROOKERY_BENCH_JAVA_OPTS (JVM options for Rookery).
# Traffic goes to 127.0.0.1 only. Ports: 18181-18183 and 15201 (backends), 18280/18281 (Rookery),
# 18380/18381 (HAProxy), 18480/18481 (nginx), 2219 (Rookery's command server); all must be free.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO="$(cd "$SCRIPT_DIR/.." && pwd -P)"

ROOKERY_DIST="${ROOKERY_DIST:-$REPO/distribution/target/rookery}"
WARMUP="${WARMUP:-15}"
JIT_SLICE="${JIT_SLICE:-5}"
JIT_QUIET_PCT="${JIT_QUIET_PCT:-2}"
JIT_WARMUP_MAX="${JIT_WARMUP_MAX:-90}"
DURATION="${DURATION:-10}"
CONNS="${CONNS:-32}"
IPERF_TIME="${IPERF_TIME:-10}"
IPERF_WARMUP="${IPERF_WARMUP:-6}"
LB_CPU="${LB_CPU:-0}"
LOAD_CPU="${LOAD_CPU:-1}"
LBS="${LBS:-rookery haproxy nginx}"
TESTS="${TESTS:-close ka iperf}"
KEEP_TMP="${KEEP_TMP:-0}"
ROOKERY_BENCH_JAVA_OPTS="${ROOKERY_BENCH_JAVA_OPTS:--Xms64m -XX:+UseG1GC -XX:+UseTransparentHugePages -XX:ActiveProcessorCount=1}"

BACKEND_PORTS=(18181 18182 18183)
IPERF_PORT=15201
SHELL_PORT=2219
declare -A HTTP_PORT=([rookery]=18280 [haproxy]=18380 [nginx]=18480)
declare -A IPERF_LB_PORT=([rookery]=18281 [haproxy]=18381 [nginx]=18481)
declare -A LB_NAME=([rookery]="Rookery" [haproxy]="HAProxy" [nginx]="nginx stream")

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'proxy-bench: error: %s\n' "$*" >&2; exit 1; }
isnum() { [[ "$1" =~ ^[0-9]+$ ]]; }

for v in WARMUP JIT_SLICE JIT_QUIET_PCT JIT_WARMUP_MAX DURATION CONNS IPERF_TIME IPERF_WARMUP LB_CPU LOAD_CPU; do
  isnum "${!v}" || die "$v must be a non-negative integer, got '${!v}'"
done
[ "$DURATION" -ge 1 ] && [ "$IPERF_TIME" -ge 1 ] && [ "$CONNS" -ge 1 ] || die "DURATION, IPERF_TIME and CONNS must be at least 1"
for lb in $LBS; do [ -n "${HTTP_PORT[$lb]:-}" ] || die "unknown load balancer '$lb' in LBS (expected rookery, haproxy, nginx)"; done
for t in $TESTS; do case "$t" in close|ka|iperf) ;; *) die "unknown test '$t' in TESTS (expected close, ka, iperf)" ;; esac; done
[ -n "${TESTS// /}" ] || die "TESTS names no test (expected some of: close ka iperf)"
wants() { [[ " $TESTS " == *" $1 "* ]]; }

# ---------------------------------------------------------------- cleanup of everything started
TMP=""
PIDS=()            # processes started by this script (killed at exit, newest first)
ROOKERY_PID=""
ROOKERY_COPY=""
FAILED=1

stop_pid() {
  # $1: pid; TERM, up to 5 s, then KILL. Only pids this script started are passed here.
  local pid="$1" i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  wait "$pid" 2>/dev/null || true
}

stop_rookery() {
  [ -n "$ROOKERY_PID" ] || return 0
  ROOKERY_SHELL_PORT="$SHELL_PORT" "$ROOKERY_COPY/bin/rookery" stop >/dev/null 2>&1 || true
  if kill -0 "$ROOKERY_PID" 2>/dev/null; then
    kill -KILL "$ROOKERY_PID" 2>/dev/null || true
  fi
  ROOKERY_PID=""
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_rookery
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${PIDS[$i]}"; done
  if [ -n "$TMP" ] && [ -d "$TMP" ]; then
    if [ "$KEEP_TMP" = 1 ] || [ "$FAILED" = 1 ]; then
      log "configs and logs kept in $TMP"
    else
      rm -rf "$TMP"
    fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- prerequisites
[ "$(uname -s)" = Linux ] || die "Linux only (taskset, /proc)"
NCPU="$(nproc --all)"
[ "$NCPU" -ge 2 ] || die "needs at least 2 CPUs, this machine has $NCPU"
[ "$LB_CPU" -lt "$NCPU" ] && [ "$LOAD_CPU" -lt "$NCPU" ] && [ "$LB_CPU" != "$LOAD_CPU" ] \
  || die "LB_CPU ($LB_CPU) and LOAD_CPU ($LOAD_CPU) must be two different CPUs below $NCPU"

install_missing() {
  local pkgs=() t
  for t in nginx haproxy wrk iperf3; do command -v "$t" >/dev/null 2>&1 || pkgs+=("$t"); done
  command -v taskset >/dev/null 2>&1 || pkgs+=(util-linux)
  command -v ss >/dev/null 2>&1 || pkgs+=(iproute2)
  [ ${#pkgs[@]} -eq 0 ] && return 0
  log "missing: ${pkgs[*]}; installing with apt-get (apt-get update first)"
  [ "$(id -u)" = 0 ] || die "installing ${pkgs[*]} needs root; run as root or install them first"
  command -v apt-get >/dev/null 2>&1 || die "no apt-get here; install ${pkgs[*]} yourself"
  # A package's maintainer script must not start the system nginx/haproxy service.
  local made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && made_policy=1
  fi
  local ok=1
  timeout 300 apt-get update -qq || ok=0
  [ "$ok" = 1 ] && { DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq "${pkgs[@]}" >/dev/null || ok=0; }
  [ "$made_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
  [ "$ok" = 1 ] || die "apt-get could not install ${pkgs[*]}"
  log "installed: ${pkgs[*]}"
}
install_missing
command -v java >/dev/null 2>&1 || [ -n "${JAVA_HOME:-}" ] || die "java not found; install a JDK 17 or set JAVA_HOME"

# nginx's stream module: built in, or a dynamic module to load (Debian: libnginx-mod-stream).
NGINX_STREAM_LOAD=""
nginx_v="$(nginx -V 2>&1)"
if grep -q -- '--with-stream=dynamic' <<<"$nginx_v"; then
  mod=/usr/lib/nginx/modules/ngx_stream_module.so
  if [ ! -f "$mod" ]; then
    log "nginx's stream module is missing; installing libnginx-mod-stream with apt-get"
    [ "$(id -u)" = 0 ] || die "installing libnginx-mod-stream needs root"
    timeout 300 apt-get update -qq && DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq libnginx-mod-stream >/dev/null \
      || die "apt-get could not install libnginx-mod-stream"
  fi
  [ -f "$mod" ] || die "nginx's stream module not found at $mod"
  NGINX_STREAM_LOAD="load_module $mod;"
elif ! grep -q -- '--with-stream' <<<"$nginx_v"; then
  die "this nginx has no stream module (nginx -V shows no --with-stream)"
fi

[ -x "$ROOKERY_DIST/bin/rookery" ] && [ -f "$ROOKERY_DIST/bin/felix.jar" ] \
  || die "no Rookery distribution at $ROOKERY_DIST; build it: cd $REPO && mvn -q -B package -DskipTests -pl distribution -am"

ALL_PORTS=("${BACKEND_PORTS[@]}" "$IPERF_PORT" "$SHELL_PORT")
for lb in $LBS; do ALL_PORTS+=("${HTTP_PORT[$lb]}" "${IPERF_LB_PORT[$lb]}"); done
for p in "${ALL_PORTS[@]}"; do
  if [ -n "$(ss -Htln "sport = :$p")" ]; then die "port $p is in use (ss -ltn); free it before running"; fi
done

# This script and all it starts run on LOAD_CPU; only the load balancers are moved to LB_CPU.
taskset -cp "$LOAD_CPU" $$ >/dev/null

CLK_TCK="$(getconf CLK_TCK)"
TMP="$(mktemp -d /tmp/proxy-bench.XXXXXX)"
log "work directory $TMP"

# Other work on the machine skews the figures: say so when the CPUs are busy before starting.
cpu_busy_pct() {
  local a b
  a=($(sed -n 's/^cpu  //p' /proc/stat)); sleep 1; b=($(sed -n 's/^cpu  //p' /proc/stat))
  awk -v u=$((b[0] + b[1] + b[2] + b[5] + b[6] + b[7] - a[0] - a[1] - a[2] - a[5] - a[6] - a[7])) \
      -v t=$((b[0] + b[1] + b[2] + b[3] + b[4] + b[5] + b[6] + b[7] - a[0] - a[1] - a[2] - a[3] - a[4] - a[5] - a[6] - a[7])) \
      'BEGIN { printf "%.0f", (t > 0 ? 100 * u / t : 0) }'
}
busy="$(cpu_busy_pct)"
if [ "$busy" -gt 10 ]; then
  log "warning: the CPUs are ${busy}% busy before starting; other work on this machine skews the figures"
fi

# ---------------------------------------------------------------- helpers
wait_listen() {
  # $1: port, $2: seconds, $3: pid that must stay alive (optional)
  local port="$1" deadline=$((SECONDS + $2)) pid="${3:-}"
  while [ "$SECONDS" -le "$deadline" ]; do
    [ -n "$(ss -Htln "sport = :$port")" ] && return 0
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    sleep 0.1
  done
  return 1
}

# Process ids of $1 and all its descendants.
pid_tree() {
  local p="$1" c
  echo "$p"
  for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do pid_tree "$c"; done
}

# "utime stime", in clock ticks, of $1 and all its descendants (each counts all of its threads).
cpu_user_sys() {
  local user=0 sys=0 p s
  local -a f
  for p in $(pid_tree "$1"); do
    s="$(cat /proc/"$p"/stat 2>/dev/null)" || continue
    s="${s##*) }"                 # drop "pid (comm) ": field 3 becomes f[0]
    read -r -a f <<<"$s"
    user=$((user + f[11])); sys=$((sys + f[12]))   # fields 14 (utime) and 15 (stime)
  done
  echo "$user $sys"
}

# "tid ticks name" for every thread of process $1.
thread_ticks() {
  local t s name
  local -a f
  for t in /proc/"$1"/task/*; do
    s="$(cat "$t/stat" 2>/dev/null)" || continue
    name="${s#*(}"; name="${name%)*}"
    s="${s##*) }"
    read -r -a f <<<"$s"
    printf '%s %s %s\n' "${t##*/}" $((f[11] + f[12])) "${name// /_}"
  done
}

# The busiest threads between two thread_ticks snapshots ($1, $2: files), as "name share%, ...".
thread_split() {
  awk 'NR == FNR { before[$1] = $2; next }
       { d = $2 - before[$1]; if (d > 0) { n = $3; sub(/[0-9]+$/, "#", n); by[n] += d; total += d } }
       END { for (n in by) printf "%d %s\n", by[n], n }' "$1" "$2" \
    | sort -rn | awk -v total="$(awk 'NR == FNR { b[$1] = $2; next } { d = $2 - b[$1]; if (d > 0) t += d } END { print t + 0 }' "$1" "$2")" \
      'NR <= 5 && total > 0 { printf "%s%s %.0f%%", (NR > 1 ? ", " : ""), $2, 100 * $1 / total } END { print "" }'
}

# One HTTP request through port $1; prints the status line.
probe_http() {
  timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/'"$1"' && printf "GET / HTTP/1.0\r\nHost: bench\r\n\r\n" >&3 && head -n1 <&3' 2>/dev/null | tr -d '\r' || true
}

run_wrk() {
  # $1: port, $2: seconds, $3: output file, rest: extra wrk arguments
  local port="$1" secs="$2" out="$3"; shift 3
  timeout $((secs + 30)) taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNS" -d"${secs}s" "$@" "http://127.0.0.1:$port/" >"$out" 2>&1 \
    || { cat "$out" >&2; die "wrk against 127.0.0.1:$port failed"; }
}

run_iperf() {
  # $1: port, $2: seconds, $3: output file
  timeout $(($2 + 30)) taskset -c "$LOAD_CPU" iperf3 -c 127.0.0.1 -p "$1" -t "$2" -f m >"$3" 2>&1 \
    || { cat "$3" >&2; die "iperf3 through 127.0.0.1:$1 failed"; }
}

declare -A R   # results: R[lb.key]

# wrk's totals: requests, requests/s, socket errors, non-2xx responses
parse_wrk() {
  local out="$1" key="$2" req rps err non2xx
  req="$(awk '/ requests in /{print $1; exit}' "$out")"
  rps="$(awk '/^Requests\/sec:/{print $2; exit}' "$out")"
  err="$(awk -F'[ ,]+' '/Socket errors:/{print $4+$6+$8+$10; exit}' "$out")"
  non2xx="$(awk '/Non-2xx or 3xx responses:/{print $NF; exit}' "$out")"
  isnum "${req:-}" && [ "$req" -gt 0 ] || { cat "$out" >&2; die "wrk made no request ($out)"; }
  R[$key.req]="$req"; R[$key.rps]="$rps"; R[$key.err]="${err:-0}"; R[$key.non2xx]="${non2xx:-0}"
}

# CPU ticks of the JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre") of process $1.
jit_ticks() {
  thread_ticks "$1" | awk '$3 ~ /CompilerThre/ { t += $2 } END { print t + 0 }'
}

# More warm-up while the JIT compilers are still busy; $1: lb, $2: pid, $3: key, $4: port, rest: wrk arguments.
jit_settle() {
  local lb="$1" pid="$2" key="$3" port="$4" extra=0 j0 j1 pct; shift 4
  [ "$JIT_SLICE" -gt 0 ] && [ "$(jit_ticks "$pid")" -gt 0 ] || { R[$lb.$key.jit]=0; return 0; }
  while [ "$extra" -lt "$JIT_WARMUP_MAX" ]; do
    j0="$(jit_ticks "$pid")"
    run_wrk "$port" "$JIT_SLICE" "$TMP/$lb-$key-jit.txt" "$@"
    j1="$(jit_ticks "$pid")"
    extra=$((extra + JIT_SLICE))
    pct="$(awk -v d=$((j1 - j0)) -v s="$JIT_SLICE" -v hz="$CLK_TCK" 'BEGIN { printf "%.1f", 100 * d / hz / s }')"
    log "$lb: $key: JIT compilers took ${pct}% of the last ${JIT_SLICE}s of warm-up"
    awk -v p="$pct" -v q="$JIT_QUIET_PCT" 'BEGIN { exit !(p <= q) }' && break
  done
  R[$lb.$key.jit]="$extra"
}

measure_wrk() {
  # $1: lb, $2: pid of the LB, $3: key (close|ka), rest: wrk arguments
  local lb="$1" pid="$2" key="$3"; shift 3
  local port="${HTTP_PORT[$lb]}" u0 s0 u1 s1
  log "$lb: $key: warm-up ${WARMUP}s"
  [ "$WARMUP" -gt 0 ] && run_wrk "$port" "$WARMUP" "$TMP/$lb-$key-warmup.txt" "$@"
  jit_settle "$lb" "$pid" "$key" "$port" "$@"
  log "$lb: $key: measuring ${DURATION}s"
  thread_ticks "$pid" > "$TMP/$lb-$key.threads0"
  read -r u0 s0 <<<"$(cpu_user_sys "$pid")"
  run_wrk "$port" "$DURATION" "$TMP/$lb-$key.txt" "$@"
  read -r u1 s1 <<<"$(cpu_user_sys "$pid")"
  thread_ticks "$pid" > "$TMP/$lb-$key.threads1"
  R[$lb.$key.split]="$(thread_split "$TMP/$lb-$key.threads0" "$TMP/$lb-$key.threads1")"
  parse_wrk "$TMP/$lb-$key.txt" "$lb.$key"
  R[$lb.$key.ticks]=$((u1 - u0 + s1 - s0))
  R[$lb.$key.uticks]=$((u1 - u0))
  log "$lb: $key: ${R[$lb.$key.rps]} req/s, LB CPU ${R[$lb.$key.ticks]} ticks (user $((u1 - u0))) for ${R[$lb.$key.req]} requests"
}

measure_iperf() {
  local lb="$1" pid="$2" port="${IPERF_LB_PORT[$1]}" u0 s0 u1 s1 line
  log "$lb: iperf3: warm-up ${IPERF_WARMUP}s"
  [ "$IPERF_WARMUP" -gt 0 ] && run_iperf "$port" "$IPERF_WARMUP" "$TMP/$lb-iperf-warmup.txt"
  log "$lb: iperf3: measuring ${IPERF_TIME}s"
  thread_ticks "$pid" > "$TMP/$lb-iperf.threads0"
  read -r u0 s0 <<<"$(cpu_user_sys "$pid")"
  run_iperf "$port" "$IPERF_TIME" "$TMP/$lb-iperf.txt"
  read -r u1 s1 <<<"$(cpu_user_sys "$pid")"
  thread_ticks "$pid" > "$TMP/$lb-iperf.threads1"
  R[$lb.iperf.split]="$(thread_split "$TMP/$lb-iperf.threads0" "$TMP/$lb-iperf.threads1")"
  # receiver summary, e.g. "[  5]   0.00-10.00  sec  30.5 GBytes  26214 Mbits/sec    receiver"
  line="$(grep -E 'receiver$' "$TMP/$lb-iperf.txt" | tail -n1)"
  [ -n "$line" ] || { cat "$TMP/$lb-iperf.txt" >&2; die "no receiver summary in iperf3's output"; }
  R[$lb.mbps]="$(awk '{for (i = 1; i <= NF; i++) if ($i == "Mbits/sec") print $(i-1)}' <<<"$line")"
  R[$lb.isecs]="$(awk '{for (i = 1; i <= NF; i++) if ($i == "sec") { split($(i-1), a, "-"); print a[2] - a[1] }}' <<<"$line")"
  [ -n "${R[$lb.mbps]}" ] && [ -n "${R[$lb.isecs]}" ] || die "cannot read iperf3's receiver line: $line"
  R[$lb.iperf.ticks]=$((u1 - u0 + s1 - s0))
  R[$lb.iperf.uticks]=$((u1 - u0))
  log "$lb: iperf3: ${R[$lb.mbps]} Mbit/s, LB CPU ${R[$lb.iperf.ticks]} ticks (user $((u1 - u0)))"
}

# ---------------------------------------------------------------- backends (on LOAD_CPU)
mkdir -p "$TMP/backend/logs" "$TMP/backend/tmp"
{
  echo "worker_processes 1;"
  echo "daemon off;"
  echo "pid $TMP/backend/nginx.pid;"
  echo "error_log $TMP/backend/logs/error.log warn;"
  echo "events { worker_connections 4096; }"
  echo "http {"
  echo "  access_log off;"
  echo "  keepalive_timeout 65s;"
  echo "  keepalive_requests 1000000;"
  for d in client_body proxy fastcgi uwsgi scgi; do echo "  ${d}_temp_path $TMP/backend/tmp/$d;"; done
  for p in "${BACKEND_PORTS[@]}"; do
    echo "  server { listen 127.0.0.1:$p; location / { default_type text/plain; return 200 \"ok\\n\"; } }"
  done
  echo "}"
} > "$TMP/backend/nginx.conf"
log "starting the backends: nginx on 127.0.0.1:${BACKEND_PORTS[0]}-${BACKEND_PORTS[2]}, iperf3 -s on 127.0.0.1:$IPERF_PORT (CPU $LOAD_CPU)"
taskset -c "$LOAD_CPU" nginx -p "$TMP/backend" -e "$TMP/backend/logs/error.log" -c "$TMP/backend/nginx.conf" \
  >"$TMP/backend/logs/stdout.log" 2>&1 &
BACKEND_PID=$!
PIDS+=("$BACKEND_PID")
taskset -c "$LOAD_CPU" iperf3 -s -B 127.0.0.1 -p "$IPERF_PORT" >"$TMP/iperf3-server.log" 2>&1 &
PIDS+=("$!")
IPERF_SERVER_PID=$!
for p in "${BACKEND_PORTS[@]}"; do
  wait_listen "$p" 10 "$BACKEND_PID" || { cat "$TMP/backend/logs/"* >&2; die "backend nginx does not listen on $p"; }
  [ "$(probe_http "$p")" = "HTTP/1.1 200 OK" ] || die "backend 127.0.0.1:$p does not answer 200"
done
wait_listen "$IPERF_PORT" 10 "$IPERF_SERVER_PID" || { cat "$TMP/iperf3-server.log" >&2; die "iperf3 server does not listen on $IPERF_PORT"; }

# ---------------------------------------------------------------- the load balancers (on LB_CPU)
LB_PID=""
LB_INFO=()

start_haproxy() {
  local d="$TMP/haproxy" p i=0 nofile maxconn=20000
  mkdir -p "$d"
  # HAProxy wants about two descriptors per connection and refuses a maxconn above the fd limit
  nofile="$(ulimit -n)"
  if isnum "$nofile" && [ $(((nofile - 200) / 2)) -lt "$maxconn" ]; then maxconn=$(((nofile - 200) / 2)); fi
  {
    echo "global"
    echo "  nbthread 1"
    echo "  maxconn $maxconn"
    echo "defaults"
    echo "  mode tcp"
    echo "  timeout connect 5s"
    echo "  timeout client 60s"
    echo "  timeout server 60s"
    echo "frontend web"
    echo "  bind 127.0.0.1:${HTTP_PORT[haproxy]}"
    echo "  default_backend web"
    echo "backend web"
    echo "  balance roundrobin"
    for p in "${BACKEND_PORTS[@]}"; do i=$((i + 1)); echo "  server s$i 127.0.0.1:$p"; done
    echo "frontend iperf"
    echo "  bind 127.0.0.1:${IPERF_LB_PORT[haproxy]}"
    echo "  default_backend iperf"
    echo "backend iperf"
    echo "  balance roundrobin"
    echo "  server i1 127.0.0.1:$IPERF_PORT"
  } > "$d/haproxy.cfg"
  haproxy -c -q -f "$d/haproxy.cfg" || die "haproxy rejects $d/haproxy.cfg"
  taskset -c "$LB_CPU" haproxy -db -f "$d/haproxy.cfg" >"$d/haproxy.log" 2>&1 &
  LB_PID=$!
  PIDS+=("$LB_PID")
  wait_listen "${HTTP_PORT[haproxy]}" 10 "$LB_PID" && wait_listen "${IPERF_LB_PORT[haproxy]}" 10 "$LB_PID" \
    || { cat "$d/haproxy.log" >&2; die "haproxy did not start"; }
  LB_INFO+=("HAProxy: $(haproxy -v 2>&1 | sed -n 1p), nbthread 1")
}

start_nginx() {
  local d="$TMP/nginx-lb" p
  mkdir -p "$d/logs"
  {
    [ -n "$NGINX_STREAM_LOAD" ] && echo "$NGINX_STREAM_LOAD"
    echo "worker_processes 1;"
    echo "daemon off;"
    echo "pid $d/nginx.pid;"
    echo "error_log $d/logs/error.log warn;"
    echo "events { worker_connections 16384; }"
    echo "stream {"
    echo "  upstream web {"
    for p in "${BACKEND_PORTS[@]}"; do echo "    server 127.0.0.1:$p;"; done
    echo "  }"
    echo "  upstream iperf { server 127.0.0.1:$IPERF_PORT; }"
    echo "  server { listen 127.0.0.1:${HTTP_PORT[nginx]}; proxy_pass web; }"
    echo "  server { listen 127.0.0.1:${IPERF_LB_PORT[nginx]}; proxy_pass iperf; }"
    echo "}"
  } > "$d/nginx.conf"
  taskset -c "$LB_CPU" nginx -p "$d" -e "$d/logs/error.log" -c "$d/nginx.conf" >"$d/logs/stdout.log" 2>&1 &
  LB_PID=$!
  PIDS+=("$LB_PID")
  wait_listen "${HTTP_PORT[nginx]}" 10 "$LB_PID" && wait_listen "${IPERF_LB_PORT[nginx]}" 10 "$LB_PID" \
    || { cat "$d/logs/"* >&2; die "nginx (stream) did not start"; }
  LB_INFO+=("nginx stream: $(nginx -v 2>&1 | head -n1 | sed 's/^nginx version: //'), worker_processes 1")
}

rk() { ROOKERY_SHELL_PORT="$SHELL_PORT" "$ROOKERY_COPY/bin/rookery" exec "$*" >/dev/null || die "rookery exec '$*' failed"; }

start_rookery() {
  ROOKERY_COPY="$TMP/rookery"
  cp -a "$ROOKERY_DIST" "$ROOKERY_COPY"
  rm -rf "$ROOKERY_COPY/data"        # a fresh instance: no stored configuration, no framework cache
  printf 'threads=1\n' > "$ROOKERY_COPY/conf/org.rookery.proxy.cfg"
  local logf="$ROOKERY_COPY/data/log/rookery.log" deadline line p i=0
  ROOKERY_SHELL_PORT="$SHELL_PORT" ROOKERY_JAVA_OPTS="$ROOKERY_BENCH_JAVA_OPTS" \
    taskset -c "$LB_CPU" "$ROOKERY_COPY/bin/rookery" start >"$TMP/rookery-start.txt" 2>&1 \
    || { cat "$TMP/rookery-start.txt" >&2; die "Rookery did not start"; }
  ROOKERY_PID="$(cat "$ROOKERY_COPY/data/rookery.pid")"
  isnum "$ROOKERY_PID" && kill -0 "$ROOKERY_PID" || die "Rookery's pid file names no running process"
  LB_PID="$ROOKERY_PID"
  # the proxy (re)starts once conf/org.rookery.proxy.cfg is read: wait for its one-thread transport line
  deadline=$((SECONDS + 20))
  until grep -q 'proxy: transport .* with 1 event loop threads' "$logf" 2>/dev/null; do
    [ "$SECONDS" -le "$deadline" ] || { tail -n 30 "$logf" >&2; die "Rookery's log never said 'proxy: transport ... with 1 event loop threads' (threads=1 not applied?)"; }
    sleep 0.2
  done
  sleep 1
  line="$(grep 'proxy: transport' "$logf" | tail -n1 | sed 's/.*proxy: transport/transport/')"
  rk "pool add bench --policy rr"
  for p in "${BACKEND_PORTS[@]}"; do i=$((i + 1)); rk "node add bench n$i --addr 127.0.0.1:$p"; done
  rk "service add bench --vip 127.0.0.1 --port ${HTTP_PORT[rookery]} --pool bench --mode proxy"
  rk "pool add iperf --policy rr"
  rk "node add iperf i1 --addr 127.0.0.1:$IPERF_PORT"
  rk "service add iperf --vip 127.0.0.1 --port ${IPERF_LB_PORT[rookery]} --pool iperf --mode proxy"
  wait_listen "${HTTP_PORT[rookery]}" 10 "$ROOKERY_PID" && wait_listen "${IPERF_LB_PORT[rookery]}" 10 "$ROOKERY_PID" \
    || { tail -n 30 "$logf" >&2; die "Rookery's proxy does not listen on its ports"; }
  line="$(grep 'proxy: transport' "$logf" | tail -n1 | sed 's/.*proxy: transport/transport/')"
  grep -q 'transport epoll' <<<"$line" || log "warning: Rookery's proxy does not use epoll: $line"
  LB_INFO+=("Rookery: $(ROOKERY_SHELL_PORT="$SHELL_PORT" "$ROOKERY_COPY/bin/rookery" exec 'rookery:version' 2>/dev/null | sed -n 1p), $(java -version 2>&1 | sed -n 1p), log: $line, JVM options: $ROOKERY_BENCH_JAVA_OPTS")
}

stop_lb() {
  local lb="$1"
  if [ "$lb" = rookery ]; then
    cp "$ROOKERY_COPY/data/log/rookery.log" "$TMP/rookery.log" 2>/dev/null || true
    stop_rookery
  else
    stop_pid "$LB_PID"
  fi
  LB_PID=""
}

for lb in $LBS; do
  log "=== ${LB_NAME[$lb]}: starting on CPU $LB_CPU (127.0.0.1:${HTTP_PORT[$lb]} HTTP pool, 127.0.0.1:${IPERF_LB_PORT[$lb]} iperf3)"
  "start_$lb"
  status="$(probe_http "${HTTP_PORT[$lb]}")"
  [ "$status" = "HTTP/1.1 200 OK" ] || die "${LB_NAME[$lb]} on 127.0.0.1:${HTTP_PORT[$lb]} does not relay to the backends (got '$status')"
  affinity="$(taskset -cp "$LB_PID" | sed 's/.*: //')"
  [ "$affinity" = "$LB_CPU" ] || die "${LB_NAME[$lb]} (pid $LB_PID) runs on CPUs $affinity, not $LB_CPU"
  if wants close; then measure_wrk "$lb" "$LB_PID" close -H 'Connection: close'; fi
  if wants ka; then measure_wrk "$lb" "$LB_PID" ka; fi
  if wants iperf; then measure_iperf "$lb" "$LB_PID"; fi
  R[$lb.threads]="$(ls /proc/"$LB_PID"/task | wc -l)"
  stop_lb "$lb"
  log "=== ${LB_NAME[$lb]}: done"
done

# ---------------------------------------------------------------- report
f() { awk "BEGIN { printf \"$1\", $2 }"; }
us_per() { f '%.2f' "${R[$1.$2.ticks]} / $CLK_TCK * 1000000 / ${R[$1.$2.req]}"; }
us_user() { f '%.2f' "${R[$1.$2.uticks]} / $CLK_TCK * 1000000 / ${R[$1.$2.req]}"; }
gbps() { f '%.2f' "${R[$1.mbps]} / 1000"; }
s_per_gbit() { f '%.3f' "${R[$1.iperf.ticks]} / $CLK_TCK / (${R[$1.mbps]} / 1000 * ${R[$1.isecs]})"; }
util() { f '%.0f%%' "${R[$1.$2.ticks]} / $CLK_TCK / $3 * 100"; }
# $1: test, rest: a command printing a figure; "-" when the test was not run (TESTS)
when() { local t="$1"; shift; if wants "$t"; then "$@"; else echo "-"; fi; }
rate() { f '%.0f' "${R[$1.$2.rps]}"; }
iperf_user() { f '%.0f%%' "100 * ${R[$1.iperf.uticks]} / (${R[$1.iperf.ticks]} + 0.0001)"; }
iperf_util() { f '%.0f%%' "${R[$1.iperf.ticks]} / $CLK_TCK / ${R[$1.isecs]} * 100"; }

echo
echo "Proxy benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -r), $NCPU CPUs ($(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'))"
echo "LB alone on CPU $LB_CPU; backends (nginx x3, iperf3 -s), wrk -t1 -c$CONNS and iperf3 -c on CPU $LOAD_CPU;"
echo "warm-up ${WARMUP}s + ${DURATION}s per wrk measurement, iperf3 ${IPERF_WARMUP}s + ${IPERF_TIME}s; CPU = utime+stime of the LB's processes; tests: $TESTS"
for lb in $LBS; do
  [ "${R[$lb.close.jit]:-0}" -gt 0 ] || [ "${R[$lb.ka.jit]:-0}" -gt 0 ] || continue
  echo "${LB_NAME[$lb]}: more warm-up until its JIT compilers were quiet (<= ${JIT_QUIET_PCT}% of a ${JIT_SLICE}s slice): close +${R[$lb.close.jit]:-0}s, keep-alive +${R[$lb.ka.jit]:-0}s"
done
for i in "${LB_INFO[@]}"; do echo "  $i"; done
echo
# (µ takes two bytes: its columns get one more byte of width in the header)
printf '%-13s | %14s | %13s | %18s | %12s | %13s | %10s\n' "LB" "conn/s (close)" "CPU µs/conn" "req/s (keep-alive)" "CPU µs/req" "iperf3 Gbit/s" "CPU s/Gbit"
printf '%s\n' "--------------|----------------|--------------|--------------------|-------------|---------------|-----------"
for lb in $LBS; do
  printf '%-13s | %14s | %12s | %18s | %11s | %13s | %10s\n' "${LB_NAME[$lb]}" \
    "$(when close rate "$lb" close)" "$(when close us_per "$lb" close)" "$(when ka rate "$lb" ka)" "$(when ka us_per "$lb" ka)" \
    "$(when iperf gbps "$lb")" "$(when iperf s_per_gbit "$lb")"
done
echo
echo "LB CPU busy during the measured windows (100% = its core saturated), threads, wrk errors:"
for lb in $LBS; do
  printf '  %-13s close %5s, keep-alive %5s, iperf3 %5s; %s threads; socket errors %s/%s, non-2xx %s/%s\n' "${LB_NAME[$lb]}" \
    "$(when close util "$lb" close "$DURATION")" "$(when ka util "$lb" ka "$DURATION")" "$(when iperf iperf_util "$lb")" \
    "${R[$lb.threads]}" "${R[$lb.close.err]:--}" "${R[$lb.ka.err]:--}" "${R[$lb.close.non2xx]:--}" "${R[$lb.ka.non2xx]:--}"
done
echo "Of which user time (the rest is system time): µs per connection (close), per request (keep-alive), % of iperf3's CPU:"
for lb in $LBS; do
  printf '  %-13s close %8s, keep-alive %8s, iperf3 %5s\n' "${LB_NAME[$lb]}" "$(when close us_user "$lb" close)" \
    "$(when ka us_user "$lb" ka)" "$(when iperf iperf_user "$lb")"
done
for lb in $LBS; do
  [ "${R[$lb.threads]}" -gt 1 ] || continue
  echo "${LB_NAME[$lb]}'s CPU by thread (# stands for a number):"
  for key in $TESTS; do printf '  %-10s %s\n' "$key:" "${R[$lb.$key.split]}"; done
done
if [[ " $LBS " == *" rookery "* && " $LBS " == *" haproxy "* ]]; then
  verdict() { awk "BEGIN { exit !($1) }" && echo "met" || echo "MISSED"; }
  echo
  echo "Rookery / HAProxy:"
  if wants close; then
    rc="$(f '%.2f' "$(us_per rookery close) / $(us_per haproxy close)")"
    printf '  CPU per connection (close)   %5sx   target <= 1.25x: %s\n' "$rc" "$(verdict "$rc <= 1.25")"
  fi
  if wants ka; then
    rk_="$(f '%.2f' "$(us_per rookery ka) / $(us_per haproxy ka)")"
    printf '  CPU per request (keep-alive) %5sx   target <= 1.25x: %s\n' "$rk_" "$(verdict "$rk_ <= 1.25")"
  fi
  if wants iperf; then
    ri="$(f '%.2f' "${R[rookery.mbps]} / ${R[haproxy.mbps]}")"
    rg="$(f '%.2f' "$(s_per_gbit rookery) / $(s_per_gbit haproxy)")"
    printf '  iperf3 throughput            %5sx   target >= 0.8x:  %s\n' "$ri" "$(verdict "$ri >= 0.8")"
    printf '  CPU per Gbit                 %5sx\n' "$rg"
  fi
fi
FAILED=0
