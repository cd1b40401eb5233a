#!/usr/bin/env bash
# The packet datapath's test bed: the original design's cluster in network namespaces on one machine.
#
#   testbed.sh up [--mode dr|nat|tun] [--prefix P]   build it (idempotent; another mode rebuilds it)
#   testbed.sh down [--prefix P]                     stop everything it started and remove it all
#   testbed.sh status [--prefix P]                   what is there and running
#   testbed.sh env [--prefix P]                      its addresses, MACs and names as KEY=VALUE lines
#   testbed.sh run NS CMD...                         run CMD in namespace NS (cl, fe, n1, n2, n3, sw)
#   testbed.sh nft on|off                            the kernel's own load balancing in the front-end (baseline):
#                                                    nat: nftables DNAT numgen inc mod 3; dr: netdev ingress
#                                                    rewriting the destination MAC by a hash of the flow
#   testbed.sh rookery start [--dist DIR] [--cpu N]  start the distribution inside the front-end namespace
#   testbed.sh rookery configure [--policy P]        the test bed's cluster in Rookery (config import)
#   testbed.sh rookery exec 'CMD'                    bin/rookery exec inside the front-end namespace
#   testbed.sh rookery stop
# The prefix also comes from TESTBED_PREFIX, or first: testbed.sh --prefix P run cl curl ...
#
# Namespaces P-cl (client), P-fe (front-end), P-n1..P-n3 (nodes) and P-sw (the switch: bridge br0)
# hang off one bridge, each by a veth named eth0 with offloads off (a libpcap forwarder needs whole,
# checksummed frames). dr and tun: one subnet, the front-end owns the VIP on eth0 (answers ARP), the
# nodes hold the VIP on lo with arp_ignore=1/arp_announce=2 and answer the client directly.
# nat: the client sits in another subnet on the same wire and routes through the front-end; the
# nodes' default route is the front-end. Each node runs node_server.py: HTTP on 80 and UDP echo on
# 9000 answering its own name, and both on one port of every node's private slice (20001, 21001,
# 22001 with port space base 20000, slice 1000). Everything lives in the namespaces and in
# /run/rookery-testbed/P; `down` removes both.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO="$(cd "$HERE/.." && pwd -P)"
PREFIX="${TESTBED_PREFIX:-rkt}"
MODE=dr
DIST="$REPO/distribution/target/rookery"
CPU=""
POLICY=rr
NODES=(n1 n2 n3)
HTTP_PORT=80
UDP_PORT=9000
PORTSPACE_BASE=20000
PORTSPACE_SLICE=1000

die() { echo "testbed: $*" >&2; exit 1; }
say() { echo "testbed: $*"; }

# ---- the plan: addresses and MACs (fixed, so that tests and captures can name them) ----
node_ip() { echo "10.91.0.1$1"; }                       # n1 -> 10.91.0.11
node_mac() { echo "02:91:00:00:00:1$1"; }
FE_IP=10.91.0.1
FE_MAC=02:91:00:00:00:01
CL_MAC=02:91:00:00:00:02
plan() {
  case "$MODE" in
    dr|tun) VIP=10.91.0.100; CL_IP=10.91.0.2; CL_GW=""; FE_CL_IP="" ;;
    nat) VIP=10.91.1.100; CL_IP=10.91.1.2; CL_GW=10.91.1.1; FE_CL_IP=10.91.1.1 ;;
    *) die "unknown mode '$MODE'; expected dr, nat or tun" ;;
  esac
}

ns() { echo "$PREFIX-$1"; }
in_ns() { local n="$1"; shift; ip netns exec "$(ns "$n")" "$@"; }
STATE() { echo "/run/rookery-testbed/$PREFIX"; }

parse_opts() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --mode) MODE="${2:?--mode needs dr, nat or tun}"; shift 2 ;;
      --prefix) PREFIX="${2:?--prefix needs a name}"; shift 2 ;;
      --dist) DIST="${2:?--dist needs a directory}"; shift 2 ;;
      --cpu) CPU="${2:?--cpu needs a CPU number}"; shift 2 ;;
      --policy) POLICY="${2:?--policy needs a policy name}"; shift 2 ;;
      *) die "unknown option '$1'" ;;
    esac
  done
  [[ "$PREFIX" =~ ^[a-z][a-z0-9]{0,7}$ ]] || die "prefix '$PREFIX' must be 1-8 lower-case letters or digits (interface names are short)"
}

need_root() { [ "$(id -u)" = 0 ] || die "must run as root (network namespaces, veths and sysctls need it); you are uid $(id -u)"; }

# Installs what the test bed needs, once, with apt-get.
need_tools() {
  local missing=()
  command -v ip >/dev/null || missing+=(iproute2)
  command -v ethtool >/dev/null || missing+=(ethtool)
  command -v nft >/dev/null || missing+=(nftables)
  command -v tcpdump >/dev/null || missing+=(tcpdump)
  command -v curl >/dev/null || missing+=(curl)
  command -v python3 >/dev/null || missing+=(python3)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >/dev/null \
      || die "could not install ${missing[*]} with apt-get"
  fi
}

offloads_off() {
  # some features are fixed on a veth and refuse to change; the ones a forwarder needs off must be off
  ip netns exec "$1" ethtool -K "$2" tx off rx off gso off gro off tso off >/dev/null 2>&1 || true
  local on
  on="$(ip netns exec "$1" ethtool -k "$2" | grep -E '^(tx-checksumming|rx-checksumming|generic-segmentation-offload|generic-receive-offload|tcp-segmentation-offload): on' || true)"
  [ -z "$on" ] || die "offloads still on for $2 in $1: $on"
}

sysctl_ns() { ip netns exec "$1" sysctl -qw "$2" >/dev/null; }

# A veth from namespace $1 (named eth0 there) to the switch (named P-$2 there), on the bridge.
wire() {
  local host="$1" tag="$2" mac="$3"
  ip link add eth0 netns "$host" address "$mac" type veth peer name "$PREFIX-$tag" netns "$(ns sw)"
  in_ns sw ip link set "$PREFIX-$tag" master br0 up
  ip netns exec "$host" ip link set lo up
  ip netns exec "$host" ip link set eth0 up
  offloads_off "$host" eth0
  offloads_off "$(ns sw)" "$PREFIX-$tag"
}

base_sysctls() {
  sysctl_ns "$1" net.ipv6.conf.all.disable_ipv6=1      # no router solicitations or MLD in captures
  sysctl_ns "$1" net.ipv6.conf.default.disable_ipv6=1
  sysctl_ns "$1" net.ipv4.conf.all.rp_filter=0
  sysctl_ns "$1" net.ipv4.conf.default.rp_filter=0
}

start_node_server() {
  local n="$1" i="${1#n}" bind=() dir
  dir="$(STATE)/$n"
  mkdir -p "$dir"
  [ "$MODE" = nat ] || bind=(--bind "$VIP")
  local priv="" k
  for k in 0 1 2; do priv="$priv,$((PORTSPACE_BASE + k * PORTSPACE_SLICE + 1))"; done
  ip netns exec "$(ns "$n")" setsid python3 "$HERE/node_server.py" "$n" --http "$HTTP_PORT$priv" --udp "$UDP_PORT$priv" "${bind[@]}" \
    >"$dir/server.log" 2>&1 </dev/null 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
  echo $! >"$dir/server.pid"
}

servers_answer() {
  local n i
  for n in "${NODES[@]}"; do
    i="${n#n}"
    in_ns "$n" curl -s -m 2 "http://$(node_ip "$i"):$HTTP_PORT/" 2>/dev/null | grep -q "^$n " || return 1
  done
}

is_up() {
  [ -f "$(STATE)/mode" ] && [ "$(cat "$(STATE)/mode")" = "$MODE" ] || return 1
  local n
  for n in cl fe sw "${NODES[@]}"; do ip netns list | grep -qw "^$(ns "$n")" || return 1; done
  servers_answer
}

cmd_up() {
  need_root
  need_tools
  plan
  if is_up; then
    say "already up in mode $MODE"
    describe
    return 0
  fi
  if [ -d "$(STATE)" ] || ip netns list | grep -q "^$PREFIX-"; then
    cmd_down >/dev/null
  fi
  mkdir -p "$(STATE)"
  local n i
  for n in sw cl fe "${NODES[@]}"; do ip netns add "$(ns "$n")"; base_sysctls "$(ns "$n")"; done
  in_ns sw ip link set lo up
  # nf_call_*: a switch does not look at layer 3. With br_netfilter loaded (docker loads it), the bridge
  # would validate IPv4 headers itself and silently drop the malformed frames the tests send at the VIP.
  # Both the bridge's options and the namespace's sysctls count (either one on calls the hooks).
  in_ns sw ip link add br0 type bridge forward_delay 0 stp_state 0 nf_call_iptables 0 nf_call_ip6tables 0 nf_call_arptables 0
  if [ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]; then
    for t in iptables ip6tables arptables; do sysctl_ns "$(ns sw)" "net.bridge.bridge-nf-call-$t=0"; done
  fi
  in_ns sw ip link set br0 up

  wire "$(ns fe)" fe "$FE_MAC"
  in_ns fe ip addr add "$FE_IP/24" dev eth0
  [ -z "$FE_CL_IP" ] || in_ns fe ip addr add "$FE_CL_IP/24" dev eth0
  in_ns fe ip addr add "$VIP/32" dev eth0               # the front-end owns the VIP and answers ARP for it
  sysctl_ns "$(ns fe)" net.ipv4.conf.all.arp_ignore=0
  sysctl_ns "$(ns fe)" net.ipv4.conf.all.arp_announce=0
  sysctl_ns "$(ns fe)" net.ipv4.ip_forward=0             # nothing passes the front-end unless a datapath forwards it

  wire "$(ns cl)" cl "$CL_MAC"
  if [ "$MODE" = nat ]; then
    in_ns cl ip addr add "$CL_IP/24" dev eth0
    in_ns cl ip route add default via "$CL_GW"
  else
    in_ns cl ip addr add "$CL_IP/24" dev eth0
  fi

  for n in "${NODES[@]}"; do
    i="${n#n}"
    wire "$(ns "$n")" "$n" "$(node_mac "$i")"
    in_ns "$n" ip addr add "$(node_ip "$i")/24" dev eth0
    in_ns "$n" ip route add default via "$FE_IP"
    if [ "$MODE" != nat ]; then
      # direct routing: the VIP on a non-ARPing interface, replies leave from it straight to the client
      in_ns "$n" ip addr add "$VIP/32" dev lo
      sysctl_ns "$(ns "$n")" net.ipv4.conf.all.arp_ignore=1
      sysctl_ns "$(ns "$n")" net.ipv4.conf.all.arp_announce=2
      sysctl_ns "$(ns "$n")" net.ipv4.conf.eth0.arp_ignore=1
      sysctl_ns "$(ns "$n")" net.ipv4.conf.eth0.arp_announce=2
    fi
    start_node_server "$n"
  done
  echo "$MODE" >"$(STATE)/mode"
  local tries=0
  until servers_answer; do
    tries=$((tries + 1))
    [ $tries -lt 50 ] || die "the node servers do not answer; see $(STATE)/n*/server.log"
    sleep 0.1
  done
  say "up in mode $MODE"
  describe
}

kill_ns_processes() {
  local nsname="$1" pids
  pids="$(ip netns pids "$nsname" 2>/dev/null || true)"
  [ -z "$pids" ] && return 0
  # shellcheck disable=SC2086
  kill $pids 2>/dev/null || true
  local t=0
  while [ -n "$(ip netns pids "$nsname" 2>/dev/null)" ] && [ $t -lt 30 ]; do sleep 0.1; t=$((t + 1)); done
  pids="$(ip netns pids "$nsname" 2>/dev/null || true)"
  # shellcheck disable=SC2086
  [ -z "$pids" ] || kill -9 $pids 2>/dev/null || true
}

cmd_down() {
  need_root
  local n removed=()
  if [ -f "$(STATE)/rookery.dist" ] && ip netns list | grep -qw "^$(ns fe)"; then
    rookery_stop >/dev/null 2>&1 || true
  fi
  for n in cl fe "${NODES[@]}" sw; do
    if ip netns list | grep -qw "^$(ns "$n")"; then
      kill_ns_processes "$(ns "$n")"
      ip netns del "$(ns "$n")"
      removed+=("$(ns "$n")")
    fi
  done
  rm -rf "$(STATE)"
  if [ ${#removed[@]} -gt 0 ]; then say "down: removed ${removed[*]} and $(STATE)"; else say "down: nothing to remove"; fi
}

describe() {
  plan
  local n i
  echo "  mode $MODE, VIP $VIP, wire: bridge br0 in $(ns sw), every host's eth0 offloads off"
  echo "  client    $(ns cl)  $CL_IP ${CL_GW:+(default via $CL_GW) }mac $CL_MAC"
  echo "  front-end $(ns fe)  $FE_IP${FE_CL_IP:+ $FE_CL_IP} + VIP $VIP on eth0, mac $FE_MAC, ip_forward $(in_ns fe sysctl -n net.ipv4.ip_forward)"
  for n in "${NODES[@]}"; do
    i="${n#n}"
    echo "  node $n   $(ns "$n")  $(node_ip "$i") mac $(node_mac "$i")$([ "$MODE" = nat ] && echo ", default via $FE_IP" || echo ", VIP on lo, arp_ignore=1 arp_announce=2"), server pid $(cat "$(STATE)/$n/server.pid" 2>/dev/null || echo -)"
  done
  echo "  servers: HTTP :$HTTP_PORT and UDP echo :$UDP_PORT answer the node's name; private ports $((PORTSPACE_BASE + 1)) $((PORTSPACE_BASE + PORTSPACE_SLICE + 1)) $((PORTSPACE_BASE + 2 * PORTSPACE_SLICE + 1)) (tcp+udp) on every node"
  echo "  try: $0 run cl curl -s http://$VIP/"
}

cmd_status() {
  local n any=0
  for n in cl fe sw "${NODES[@]}"; do
    if ip netns list | grep -qw "^$(ns "$n")"; then any=1; fi
  done
  if [ $any = 0 ]; then say "down (no namespace $PREFIX-*)"; return 3; fi
  MODE="$(cat "$(STATE)/mode" 2>/dev/null || echo dr)"
  plan
  say "up in mode $MODE"
  describe
  for n in cl fe "${NODES[@]}"; do
    echo "  $(ns "$n") processes: $(ip netns pids "$(ns "$n")" | tr '\n' ' ')"
  done
  echo "  kernel load balancing (nft): $(in_ns fe nft list tables 2>/dev/null | grep -c "${PREFIX}_lb" || true) table(s)"
  if [ -f "$(STATE)/rookery.dist" ]; then
    echo "  rookery: $(rookery_bin status 2>&1 | head -1)"
  else
    echo "  rookery: not started here"
  fi
  servers_answer && echo "  node servers: answering" || echo "  node servers: NOT all answering"
}

cmd_env() {
  MODE="$(cat "$(STATE)/mode" 2>/dev/null || echo "$MODE")"
  plan
  local n i
  echo "MODE=$MODE"
  echo "PREFIX=$PREFIX"
  echo "VIP=$VIP"
  echo "IFACE=eth0"
  echo "NS_CL=$(ns cl)"
  echo "NS_FE=$(ns fe)"
  echo "NS_SW=$(ns sw)"
  echo "CL_IP=$CL_IP"
  echo "CL_MAC=$CL_MAC"
  echo "FE_IP=$FE_IP"
  echo "FE_MAC=$FE_MAC"
  for n in "${NODES[@]}"; do
    i="${n#n}"
    echo "NS_N$i=$(ns "$n")"
    echo "N${i}_IP=$(node_ip "$i")"
    echo "N${i}_MAC=$(node_mac "$i")"
    echo "N${i}_PRIVATE_PORT=$((PORTSPACE_BASE + (i - 1) * PORTSPACE_SLICE + 1))"
  done
  echo "HTTP_PORT=$HTTP_PORT"
  echo "UDP_PORT=$UDP_PORT"
  echo "PORTSPACE_BASE=$PORTSPACE_BASE"
  echo "PORTSPACE_SLICE=$PORTSPACE_SLICE"
  echo "STATE=$(STATE)"
}

cmd_run() {
  local n="${1:?run needs a namespace: cl, fe, n1, n2, n3 or sw}"
  shift
  ip netns list | grep -qw "^$(ns "$n")" || die "no namespace $(ns "$n"); run '$0 up' first"
  in_ns "$n" "$@"
}

# ---- the kernel's own load balancing, the baseline ----
cmd_nft() {
  need_root
  MODE="$(cat "$(STATE)/mode" 2>/dev/null)" || die "the test bed is not up"
  plan
  local t="${PREFIX}_lb"
  case "${1:-}" in
    on)
      in_ns fe nft delete table ip "$t" 2>/dev/null || true
      in_ns fe nft delete table netdev "$t" 2>/dev/null || true
      local map="0 : $(node_ip 1), 1 : $(node_ip 2), 2 : $(node_ip 3)"
      if [ "$MODE" = nat ]; then
        # IPVS -m's kernel twin: DNAT to a node chosen round robin, replies un-NATed by conntrack
        in_ns fe sysctl -qw net.ipv4.ip_forward=1
        in_ns fe nft -f - <<EOF
table ip $t {
  chain pre {
    type nat hook prerouting priority dstnat; policy accept;
    ip daddr $VIP tcp dport != $PORTSPACE_BASE-$((PORTSPACE_BASE + 3 * PORTSPACE_SLICE - 1)) dnat to numgen inc mod 3 map { $map }
    ip daddr $VIP udp dport != $PORTSPACE_BASE-$((PORTSPACE_BASE + 3 * PORTSPACE_SLICE - 1)) dnat to numgen inc mod 3 map { $map }
    ip daddr $VIP meta l4proto { tcp, udp } th dport $PORTSPACE_BASE-$((PORTSPACE_BASE + 3 * PORTSPACE_SLICE - 1)) dnat to th dport map { $PORTSPACE_BASE-$((PORTSPACE_BASE + PORTSPACE_SLICE - 1)) : $(node_ip 1), $((PORTSPACE_BASE + PORTSPACE_SLICE))-$((PORTSPACE_BASE + 2 * PORTSPACE_SLICE - 1)) : $(node_ip 2), $((PORTSPACE_BASE + 2 * PORTSPACE_SLICE))-$((PORTSPACE_BASE + 3 * PORTSPACE_SLICE - 1)) : $(node_ip 3) }
  }
}
EOF
      else
        # IPVS -g's kernel twin without state: the destination MAC set by a hash of the flow, the source MAC the
        # front-end's (as IPVS sends it; the client's would move to the front-end's port in the bridge), sent back out
        local macs="0 : $(node_mac 1), 1 : $(node_mac 2), 2 : $(node_mac 3)"
        in_ns fe nft -f - <<EOF
table netdev $t {
  chain ingress {
    type filter hook ingress device eth0 priority 0; policy accept;
    ip daddr $VIP meta l4proto { tcp, udp } ether saddr set $FE_MAC ether daddr set jhash ip saddr . th sport . th dport mod 3 map { $macs } fwd to eth0
  }
}
EOF
      fi
      say "kernel load balancing on in $(ns fe) ($MODE)"
      in_ns fe nft list table "$([ "$MODE" = nat ] && echo ip || echo netdev)" "$t"
      ;;
    off)
      in_ns fe nft delete table ip "$t" 2>/dev/null || true
      in_ns fe nft delete table netdev "$t" 2>/dev/null || true
      in_ns fe sysctl -qw net.ipv4.ip_forward=0
      say "kernel load balancing off in $(ns fe)"
      ;;
    *) die "nft needs on or off" ;;
  esac
}

# ---- Rookery inside the front-end namespace ----
rookery_bin() {
  local dist
  dist="$(cat "$(STATE)/rookery.dist" 2>/dev/null || echo "$DIST")"
  in_ns fe env ROOKERY_DATA="$(STATE)/rookery-data" "$dist/bin/rookery" "$@"
}

rookery_start() {
  need_root
  [ -f "$(STATE)/mode" ] || die "the test bed is not up; run '$0 up' first"
  MODE="$(cat "$(STATE)/mode")"
  [ -x "$DIST/bin/rookery" ] || die "no distribution at $DIST (build it: mvn -o -B package -DskipTests -pl distribution -am)"
  cmd_nft off >/dev/null
  echo "$DIST" >"$(STATE)/rookery.dist"
  mkdir -p "$(STATE)/rookery-data"
  if [ -n "$CPU" ]; then
    in_ns fe env ROOKERY_DATA="$(STATE)/rookery-data" taskset -c "$CPU" "$DIST/bin/rookery" start
  else
    rookery_bin start
  fi
}

rookery_stop() {
  [ -f "$(STATE)/rookery.dist" ] || { say "rookery was not started here"; return 0; }
  rookery_bin stop || true
  rm -f "$(STATE)/rookery.dist"
}

rookery_configure() {
  MODE_RUN="$(cat "$(STATE)/mode" 2>/dev/null)" || die "the test bed is not up"
  local want="${MODE:-$MODE_RUN}"
  if [ "$MODE_RUN" = nat ] && [ "$want" != nat ]; then die "the test bed is up for nat; $want needs '$0 up --mode dr'"; fi
  if [ "$MODE_RUN" != nat ] && [ "$want" = nat ]; then die "the test bed is up for $MODE_RUN; nat needs '$0 up --mode nat'"; fi
  MODE="$MODE_RUN"
  plan
  local f n i
  f="$(STATE)/cluster.cfg"
  {
    echo "# the test bed's cluster, mode $want (written by testbed.sh)"
    echo "portspace set --base $PORTSPACE_BASE --slice $PORTSPACE_SLICE"
    echo "pool add web --policy $POLICY"
    for n in "${NODES[@]}"; do
      i="${n#n}"
      echo "node add web $n --addr $(node_ip "$i") --mac $(node_mac "$i") --index $((i - 1))"
    done
    echo "service add web --vip $VIP --port $HTTP_PORT --pool web --mode $want --iface eth0"
    echo "service add echo --vip $VIP --port $UDP_PORT --proto udp --pool web --mode $want --iface eth0"
  } >"$f"
  rookery_bin exec "config import $f"
}

cmd_rookery() {
  local verb="${1:-}"
  [ $# -gt 0 ] && shift
  case "$verb" in
    start) parse_opts "$@"; rookery_start ;;
    stop) parse_opts "$@"; rookery_stop ;;
    configure) MODE=""; parse_opts "$@"; rookery_configure ;;
    exec) [ $# -ge 1 ] || die "rookery exec needs a command line"; rookery_bin exec "$*" ;;
    status) rookery_bin status ;;
    *) die "rookery needs start, stop, configure, exec or status" ;;
  esac
}

main() {
  # a prefix may also come first, for the commands that take no options: testbed.sh --prefix P run cl ...
  if [ "${1:-}" = --prefix ]; then PREFIX="${2:?--prefix needs a name}"; shift 2; fi
  local cmd="${1:-}"
  [ $# -gt 0 ] && shift
  case "$cmd" in
    up) parse_opts "$@"; cmd_up ;;
    down) parse_opts "$@"; cmd_down ;;
    status) parse_opts "$@"; cmd_status ;;
    env) parse_opts "$@"; cmd_env ;;
    run) cmd_run "$@" ;;
    nft) cmd_nft "$@" ;;
    rookery) cmd_rookery "$@" ;;
    *) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
}

main "$@"
