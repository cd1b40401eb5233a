#!/usr/bin/env bash
# Measures, on loopback with the built distribution, how long the front-end takes to
#   1. take a killed node down with a TCP health check (interval 0.2 s, timeout 0.5 s, fall 3),
#   2. bring it back after a restart (rise 2),
#   3. know a node's load after bin/rookery-node starts (interval 1 s), and
#   4. call it unknown after the agent stops (missed 3).
# Run under the shared lock: flock /tmp/rookery-run.lock bench/node/detect.sh
# Needs python3 (the backend is python3 -m http.server). Prints one line per figure.
set -eu
HERE="$(cd "$(dirname "$0")/../.." && pwd)"
DIST="$HERE/distribution/target/rookery"
WORK="$(mktemp -d /tmp/rookery-detect.XXXXXX)"
export ROOKERY_DATA="$WORK/data" ROOKERY_SHELL_PORT="${ROOKERY_SHELL_PORT:-2019}"
BACKEND_PORT=18091 AGENT_PORT=17070
head -c 32 /dev/urandom | base64 > "$WORK/key"
now() { date +%s.%N; }
since() { printf "%.3f" "$(echo "$(now) - $1" | bc)"; }
rk() { "$DIST/bin/rookery" exec "$1"; }
wait_for() { # $1 command line, $2 pattern; polls every 20 ms
  until rk "$1" | grep -q -- "$2"; do sleep 0.02; done
}
backend() { python3 -m http.server "$BACKEND_PORT" --bind 127.0.0.1 >/dev/null 2>&1 & echo $! > "$WORK/backend.pid"; }
cleanup() {
  [ -f "$WORK/backend.pid" ] && kill "$(cat "$WORK/backend.pid")" 2>/dev/null || true
  "$DIST/bin/rookery-node" stop --node p/n1 >/dev/null 2>&1 || true
  "$DIST/bin/rookery" stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"$DIST/bin/rookery" start >/dev/null
rk "pool add p --policy leastload" >/dev/null
rk "node add p n1 --addr 127.0.0.1:$BACKEND_PORT" >/dev/null
rk "agent set --addr 127.0.0.1 --port $AGENT_PORT --key $WORK/key" >/dev/null
backend
sleep 0.5
rk "health set p --type tcp --interval 0.2 --timeout 0.5 --rise 2 --fall 3" >/dev/null
wait_for "health show p" " ok "

kill "$(cat "$WORK/backend.pid")"; t=$(now)
wait_for "node list p" "down (health)"
echo "health down after kill: $(since "$t") s (interval 0.2 x fall 3 = 0.6 s, plus up to one interval and polling)"
backend; t=$(now)
wait_for "node list p" " up "
echo "health up after restart: $(since "$t") s (interval 0.2 x rise 2 = 0.4 s, plus server start)"

t=$(now)
"$DIST/bin/rookery-node" start --frontend "127.0.0.1:$AGENT_PORT" --node p/n1 --key "$WORK/key" --no-autobind \
  --index 0 --base 20000 --slice 1000 >/dev/null
until rk "node list p" | awk 'NR==2 {print $9}' | grep -q '^[0-9]'; do sleep 0.02; done
echo "load known after bin/rookery-node start: $(since "$t") s (JVM start + first report)"
"$DIST/bin/rookery-node" stop --node p/n1 >/dev/null; t=$(now)
wait_for "node list p" "unknown"
echo "load unknown after the agent stopped: $(since "$t") s (missed 3 x interval 1 s)"
rk "agent show" | grep "^reports:"
