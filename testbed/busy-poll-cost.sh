#!/usr/bin/env bash
# What busy polling costs: the front-end JVM's CPU while it forwards a steady UDP stream through nat
# (a benchmark, not a test: it prints figures).
#
#   testbed/busy-poll-cost.sh [--prefix P] [--seconds S] DIST...
#
# For each distribution directory given (e.g. one with conf/org.rookery.capture.cfg holding
# busy.poll.us=0 and one without), in a fresh nat test bed: idle, then iperf3 -u -l 64 at 2,000 and
# 20,000 datagrams/s from the client through the VIP for S seconds (10), printing the JVM's CPU time
# (utime + stime from /proc/PID/stat) as a share of one core, and what iperf3 delivered. The front-end
# is pinned to CPU0, client and nodes to CPU1. Needs root and iperf3 (apt-get install iperf3).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
TB="$HERE/testbed.sh"
PREFIX=rkbp
SECONDS_PER_RATE=10
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX="$2"; shift 2 ;;
    --seconds) SECONDS_PER_RATE="$2"; shift 2 ;;
    -*) echo "busy-poll-cost: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { echo "usage: testbed/busy-poll-cost.sh [--prefix P] [--seconds S] DIST..." >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "busy-poll-cost: must run as root (network namespaces)" >&2; exit 1; }
command -v iperf3 >/dev/null || { echo "busy-poll-cost: needs iperf3 (apt-get install iperf3)" >&2; exit 1; }
case "$SECONDS_PER_RATE" in ''|*[!0-9]*|0) echo "busy-poll-cost: --seconds takes a number above 0" >&2; exit 2 ;; esac

tb() { "$TB" --prefix "$PREFIX" "$@"; }
in_ns() { local n="$1"; shift; ip netns exec "$PREFIX-$n" "$@"; }
trap 'tb down >/dev/null 2>&1 || true' EXIT
HZ="$(getconf CLK_TCK)"
OUT="$(mktemp /tmp/busy-poll-cost.XXXXXX.json)"

for DIST in "$@"; do
  [ -x "$DIST/bin/rookery" ] || { echo "busy-poll-cost: no distribution at $DIST" >&2; exit 1; }
  setting="$(grep -h '^busy.poll.us' "$DIST/conf/org.rookery.capture.cfg" 2>/dev/null || echo 'busy.poll.us default')"
  tb down >/dev/null 2>&1 || true
  tb up --mode nat >/dev/null
  eval "$(tb env | grep -E '^(VIP)=')"
  for n in n1 n2 n3; do in_ns "$n" taskset -c 1 iperf3 -s -D -p 5201; done
  tb rookery start --dist "$DIST" --cpu 0 >/dev/null
  tb rookery configure >/dev/null
  # iperf3's control connection (TCP) and its datagrams (UDP) must meet the same node: hash by source
  tb rookery exec "pool add iperf --policy sh" >/dev/null
  for i in 1 2 3; do tb rookery exec "node add iperf n$i --addr 10.91.0.1$i --mac 02:91:00:00:00:1$i" >/dev/null; done
  tb rookery exec "service add iperft --vip $VIP --port 5201 --pool iperf --mode nat --iface eth0" >/dev/null
  tb rookery exec "service add iperfu --vip $VIP --port 5201 --proto udp --pool iperf --mode nat --iface eth0" >/dev/null
  pid="$(cat "/run/rookery-testbed/$PREFIX/rookery-data/rookery.pid")"
  sleep 2
  for pps in 0 2000 20000; do
    t0="$(awk '{print $14 + $15}' "/proc/$pid/stat")"
    if [ "$pps" = 0 ]; then
      sleep "$SECONDS_PER_RATE"; got=idle
    else
      in_ns cl taskset -c 1 iperf3 -c "$VIP" -p 5201 -u -l 64 -b $((pps * 64 * 8)) -t "$SECONDS_PER_RATE" -J >"$OUT" 2>&1 || true
      got="$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["end"]["sum"]; print("%d datagrams, %.1f%% lost" % (s["packets"], s["lost_percent"]))' "$OUT" 2>/dev/null || echo "iperf3 failed")"
    fi
    t1="$(awk '{print $14 + $15}' "/proc/$pid/stat")"
    printf '%-40s %-22s %6s/s: JVM CPU %3d%% of a core (%s)\n' "$DIST" "$setting" "$pps" \
      $(( (t1 - t0) * 100 / HZ / SECONDS_PER_RATE )) "$got"
  done
  tb rookery stop >/dev/null
done
rm -f "$OUT"
