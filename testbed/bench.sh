#!/usr/bin/env bash
# Benchmark of the packet datapath in the test bed (a benchmark, not a test: it prints figures).
#
#   testbed/bench.sh [--lb nft,rookery] [--modes dr,nat] [--duration S] [--prefix P] [--dist DIR] [--ceiling] [--steer nodes|all|none] [--conns N]
#                      [--loads new,keepalive,iperf]
#
# For each mode and each load balancer, in the same test bed (testbed.sh, veth offloads off):
#   new connections per second     wrk -t1 -c32 -H 'Connection: close' http://VIP:8080/ (-c: --conns N)
#   keep-alive requests per second wrk -t1 -c32 http://VIP:8080/
#   throughput                     iperf3 -c VIP -p 5201 (one node: the iperf pool hashes by source), with
#                                  the sender's TCP retransmissions
#   front-end CPU per packet       CPU time of the front-end (Rookery: its JVM from /proc/PID/stat, with
#                                  the part spent in the kernel (libpcap receive and send) apart;
#                                  nft: the kernel, which runs it in softirq on whatever CPU receives,
#                                  so CPU0+CPU1 system+softirq time from /proc/stat, noisy on a shared
#                                  machine) over the frames the front-end's eth0 received and sent;
#                                  Rookery's includes its workers' busy polling (busy.poll.us) when
#                                  the load leaves them idle between frames
# The front-end is pinned to CPU0, the client and the nodes' servers to CPU1 (taskset). nft is the
# kernel's own balancing: nftables DNAT numgen inc mod 3 for nat, a netdev ingress MAC rewrite by
# flow hash for dr. --ceiling also measures the raw libpcap send and receive rate on the front-end's
# veth with the datapath's own port (LibpcapCeiling in the capture bundle: batched pcap_dispatch and
# sendmmsg, no decision, no rewrite). Installs wrk, iperf3, nginx with apt-get when missing.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO="$(cd "$HERE/.." && pwd -P)"
TB="$HERE/testbed.sh"
PREFIX=rktb
LBS=nft,rookery
MODES=dr,nat
DURATION=10
DIST="$REPO/distribution/target/rookery"
CEILING=0
STEER=none
CONNS=32
LOADS=new,keepalive,iperf
WEB_PORT=8080
IPERF_PORT=5201

while [ $# -gt 0 ]; do
  case "$1" in
    --lb) LBS="$2"; shift 2 ;;
    --modes) MODES="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --prefix) PREFIX="$2"; shift 2 ;;
    --dist) DIST="$2"; shift 2 ;;
    --ceiling) CEILING=1; shift ;;
    --steer) STEER="$2"; shift 2 ;;
    --conns) CONNS="$2"; shift 2 ;;
    --loads) LOADS="$2"; shift 2 ;;
    *) echo "bench: unknown option $1" >&2; exit 2 ;;
  esac
done
case "$STEER" in nodes|all|none) ;; *) echo "bench: --steer takes nodes, all or none, not '$STEER'" >&2; exit 2 ;; esac
for load in ${LOADS//,/ }; do
  case "$load" in new|keepalive|iperf) ;; *) echo "bench: --loads takes new, keepalive and iperf, not '$load'" >&2; exit 2 ;; esac
done
case "$CONNS" in ''|*[!0-9]*|0) echo "bench: --conns takes a number of connections above 0, not '$CONNS'" >&2; exit 2 ;; esac
[ "$(id -u)" = 0 ] || { echo "bench: must run as root (network namespaces)" >&2; exit 1; }
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v iperf3 >/dev/null || missing+=(iperf3)
command -v nginx >/dev/null || missing+=(nginx-light)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

tb() { "$TB" --prefix "$PREFIX" "$@"; }
in_ns() { local n="$1"; shift; ip netns exec "$PREFIX-$n" "$@"; }
RESULTS="$(mktemp -d /tmp/rookery-bench.XXXXXX)"
trap 'tb down >/dev/null 2>&1 || true' EXIT

# nginx (static answer, the node's name) and iperf3 servers in every node, pinned to CPU1
start_servers() {
  local n dir
  for n in n1 n2 n3; do
    dir="/run/rookery-testbed/$PREFIX/$n"
    mkdir -p "$dir/nginx"
    cat >"$dir/nginx.conf" <<EOF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/nginx; proxy_temp_path $dir/nginx; fastcgi_temp_path $dir/nginx;
  uwsgi_temp_path $dir/nginx; scgi_temp_path $dir/nginx;
  keepalive_requests 1000000;
  server { listen $WEB_PORT reuseport backlog=4096; location / { return 200 "$n\n"; } }
}
EOF
    in_ns "$n" taskset -c 1 nginx -c "$dir/nginx.conf"
    in_ns "$n" taskset -c 1 iperf3 -s -D -p "$IPERF_PORT" --logfile "$dir/iperf3.log"
  done
}

# Where the kernel's receive work runs (RPS, receive packet steering). On veths the kernel runs a
# frame's receive in its sender's context: unsteered (--steer none, the default) the bridge and the
# nodes' and client's TCP stacks run inside Rookery's sends on CPU0, the front-end's core, while nft
# (which forwards in the receive path) runs wholly inside the client's and nodes' sends on CPU1.
# --steer nodes puts the client's and the nodes' receive work on their core, CPU1 (the switch's ports
# and their eth0), for both load balancers; --steer all also puts the front-end's receive on CPU0, so
# nft's forwarding runs on the front-end's core too: each host's work on its own core. Steering adds a
# hand-over between cores (an IPI) per hop, which costs latency-bound loads (new connections).
steer() {
  local n d
  [ "$STEER" = none ] && return
  for n in cl n1 n2 n3; do in_ns "$n" sh -c 'echo 2 >/sys/class/net/eth0/queues/rx-0/rps_cpus'; done
  for d in $(in_ns sw ls /sys/class/net); do
    in_ns sw sh -c "[ ! -e /sys/class/net/$d/queues/rx-0/rps_cpus ] || echo 2 >/sys/class/net/$d/queues/rx-0/rps_cpus"
  done
  [ "$STEER" = all ] && in_ns fe sh -c 'echo 1 >/sys/class/net/eth0/queues/rx-0/rps_cpus'
  return 0
}

wrk_rps() { # $1: extra header args; prints requests/s and errors
  local out
  out="$(in_ns cl taskset -c 1 wrk -t1 -c"$CONNS" -d"${DURATION}s" "$@" "http://$VIP:$WEB_PORT/" 2>&1)"
  echo "$out" >>"$RESULTS/wrk.log"
  local rps errs
  rps="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
  errs="$(echo "$out" | awk '/Socket errors|Non-2xx/ {print}' | tr '\n' ' ')"
  echo "${rps:-0}${errs:+ ($errs)}"
}

iperf_gbps() {
  in_ns cl taskset -c 1 timeout $((DURATION + 20)) iperf3 -c "$VIP" -p "$IPERF_PORT" -t "$DURATION" -J >"$RESULTS/iperf.json" 2>&1 || { echo "failed"; return; }
  # the sender's retransmissions tell loss or reordering on the way (a forwarder that falls behind)
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%.2f Gbit/s %d retr" % (d["end"]["sum_received"]["bits_per_second"]/1e9, d["end"]["sum_sent"].get("retransmits", -1)))' "$RESULTS/iperf.json" 2>/dev/null || echo failed
  cp "$RESULTS/iperf.json" "$RESULTS/iperf-$1.json"
}

fe_frames() { in_ns fe cat /sys/class/net/eth0/statistics/rx_packets /sys/class/net/eth0/statistics/tx_packets | awk '{s += $1} END {print s}'; }
proc_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # utime + stime, clock ticks
proc_sys_ticks() { awk '{print $15}' "/proc/$1/stat"; }     # stime: in the kernel (libpcap's receive and send)
kernel_ticks() { awk '/^cpu[01] / {s += $4 + $7} END {print s}' /proc/stat; }  # system + softirq on CPU0, CPU1
HZ="$(getconf CLK_TCK)"
cpu_stat() { awk '/^cpu[01] / {printf "%s %d %d ", $1, $2+$3+$4+$5+$6+$7+$8+$9, $5+$6}' /proc/stat; }  # per CPU: total, idle
cpu_busy() { # $1, $2: cpu_stat before and after; prints "CPU0 n% CPU1 n%" busy in between
  awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " ");
    for (i = 1; i <= 6; i += 3) { t = y[i+1] - x[i+1]; b = (t > 0) ? 100 * (t - (y[i+2] - x[i+2])) / t : 0; printf "CPU%d %d%% ", (i - 1) / 3, b } }'
}

# Runs the three loads; prints one table row per load with the front-end's CPU per frame.
measure() { # $1: label, $2: pid of the front-end process or "kernel"
  local label="$1" who="$2" f0 t0 f1 t1 s0 s1 v c0 c1
  for load in ${LOADS//,/ }; do
    f0="$(fe_frames)"
    c0="$(cpu_stat)"
    if [ "$who" = kernel ]; then t0="$(kernel_ticks)"; s0=0; else t0="$(proc_ticks "$who")"; s0="$(proc_sys_ticks "$who")"; fi
    case "$load" in
      new) v="$(wrk_rps -H 'Connection: close') conn/s" ;;
      keepalive) v="$(wrk_rps) req/s" ;;
      iperf) v="$(iperf_gbps "$label")" ;;
    esac
    f1="$(fe_frames)"
    c1="$(cpu_stat)"
    if [ "$who" = kernel ]; then t1="$(kernel_ticks)"; s1=0; else t1="$(proc_ticks "$who")"; s1="$(proc_sys_ticks "$who")"; fi
    local frames=$((f1 - f0)) ns="-"
    [ "$frames" -gt 0 ] && ns="$(( (t1 - t0) * 1000000000 / HZ / frames ))"
    # the JVM's time split: system (capture and send in the kernel) and user (decide, rewrite, JNA calls)
    local whose="front-end JVM, $(( frames > 0 ? (s1 - s0) * 1000000000 / HZ / frames : 0 )) ns of it in the kernel"
    [ "$who" = kernel ] && whose="kernel, CPU0+CPU1: whole bed"
    printf '%-16s %-10s %-36s %9s fe frames %6s ns CPU/frame (%s); busy %s\n' "$label" "$load" "$v" "$frames" "$ns" "$whose" "$(cpu_busy "$c0" "$c1")" | tee -a "$RESULTS/table.txt"
  done
}

pcap_ceiling() {
  local cp
  # the datapath's own port (batched receive and send) from the capture bundle; pcap4j logs through
  # SLF4J: the API from the local Maven repository (no binding: silent)
  cp="$(ls "$DIST"/bundle/rookery-capture-*.jar "$DIST"/bundle/rookery-packet-*.jar "$DIST"/bundle/rookery-api-*.jar "$DIST"/bundle/*pcap4j*.jar "$DIST"/bundle/*jna*.jar 2>/dev/null | paste -sd:):$(find ~/.m2 -name 'slf4j-api-1.7*.jar' 2>/dev/null | head -1)"
  [ -n "$cp" ] || { echo "pcap ceiling: no capture/pcap4j/jna jars in $DIST/bundle" | tee -a "$RESULTS/table.txt"; return; }
  local main=org.rookery.capture.internal.LibpcapCeiling
  tb up --mode dr >/dev/null
  # receive: the front-end's eth0 takes what the client's sender pushes; send: the client's eth0
  in_ns fe taskset -c 0 java -cp "$cp" "$main" receive eth0 "$((DURATION + 4))" >"$RESULTS/pcap-rx.txt" 2>>"$RESULTS/pcap.log" &
  local rx=$!
  sleep 2
  in_ns cl taskset -c 1 java -cp "$cp" "$main" send eth0 "$DURATION" 02:91:00:00:00:01 2>>"$RESULTS/pcap.log" | tee -a "$RESULTS/table.txt"
  wait $rx || true
  tee -a "$RESULTS/table.txt" <"$RESULTS/pcap-rx.txt"
}

echo "bench: $(nproc) CPUs, $(uname -r), duration ${DURATION}s per load, receive steering: $STEER; results in $RESULTS"
for mode in ${MODES//,/ }; do
  for lb in ${LBS//,/ }; do
    # a fresh bed for every run: no kernel conntrack entries or TIME_WAIT sockets left by the one before
    tb down >/dev/null 2>&1 || true
    tb up --mode "$mode" >/dev/null
    eval "$(tb env | grep -E '^(VIP)=')"
    steer
    start_servers
    case "$lb" in
      nft)
        tb nft on >/dev/null
        # iperf3's control and data connections must meet the same node: hash by source there
        if [ "$mode" = nat ]; then
          in_ns fe nft insert rule ip "${PREFIX}_lb" pre ip daddr "$VIP" tcp dport "$IPERF_PORT" \
            dnat to jhash ip saddr mod 3 map { 0 : 10.91.0.11, 1 : 10.91.0.12, 2 : 10.91.0.13 }
        else
          in_ns fe nft insert rule netdev "${PREFIX}_lb" ingress ip daddr "$VIP" tcp dport "$IPERF_PORT" \
            ether saddr set 02:91:00:00:00:01 ether daddr set jhash ip saddr mod 3 \
            map { 0 : 02:91:00:00:00:11, 1 : 02:91:00:00:00:12, 2 : 02:91:00:00:00:13 } fwd to eth0
        fi
        measure "nft-$mode" kernel
        tb nft off >/dev/null
        ;;
      rookery)
        [ -x "$DIST/bin/rookery" ] || { echo "bench: no distribution at $DIST" >&2; continue; }
        tb rookery start --dist "$DIST" --cpu 0 >/dev/null
        tb rookery configure >/dev/null
        tb rookery exec "service add bench --vip $VIP --port $WEB_PORT --pool web --mode $mode --iface eth0" >/dev/null
        tb rookery exec "pool add iperf --policy sh" >/dev/null
        for i in 1 2 3; do tb rookery exec "node add iperf n$i --addr 10.91.0.1$i --mac 02:91:00:00:00:1$i" >/dev/null; done
        tb rookery exec "service add iperf --vip $VIP --port $IPERF_PORT --pool iperf --mode $mode --iface eth0" >/dev/null
        pid="$(cat "/run/rookery-testbed/$PREFIX/rookery-data/rookery.pid")"
        measure "rookery-$mode" "$pid"
        tb rookery exec stats >"$RESULTS/rookery-$mode-stats.txt" 2>&1 || true
        tb rookery stop >/dev/null
        ;;
      *) echo "bench: unknown load balancer $lb" >&2 ;;
    esac
  done
done
[ "$CEILING" = 0 ] || pcap_ceiling
echo "bench: done; table in $RESULTS/table.txt"
