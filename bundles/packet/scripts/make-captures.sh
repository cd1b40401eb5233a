#!/bin/sh
# Records the loopback captures under src/test/resources/captures (run as root; traffic to 127.0.0.1/::1 only).
# Needs tcpdump, curl, iperf3 and python3. Every loop is bounded and every process is stopped by its pid.
set -eu
out=$(cd "$(dirname "$0")/.." && pwd)/src/test/resources/captures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

capture() { # file count filter...
  f=$1; n=$2; shift 2
  timeout 20 tcpdump -i lo -U -w "$out/$f" -c "$n" "$@" 2>/dev/null &
  echo $! > "$tmp/tcpdump.pid"
  sleep 1
}
finish() {
  pid=$(cat "$tmp/tcpdump.pid")
  wait "$pid" || true
}

# HTTP over IPv4 and IPv6: a small static server and three curl requests each.
echo hello-rookery > "$tmp/index.html"
for fam in 4 6; do
  if [ $fam = 4 ]; then host=127.0.0.1; url=http://127.0.0.1:18080/index.html; else host=::1; url='http://[::1]:18080/index.html'; fi
  (cd "$tmp" && exec python3 -m http.server 18080 --bind $host) >/dev/null 2>&1 &
  srv=$!
  sleep 1
  capture http-v$fam.pcap 30 tcp port 18080
  for i in 1 2 3; do curl -s -g -o /dev/null "$url"; done
  finish
  kill "$srv"; wait "$srv" 2>/dev/null || true
done

# iperf3 TCP and UDP, about one second each, rate- and count-limited so each file stays small.
iperf3 -s -1 -B 127.0.0.1 -p 15201 >/dev/null 2>&1 &
srv=$!
sleep 1
capture iperf3-tcp.pcap 150 tcp port 15201
iperf3 -c 127.0.0.1 -p 15201 -t 1 -b 1M -M 1200 -l 1000 >/dev/null 2>&1 || true
finish
wait "$srv" 2>/dev/null || true

iperf3 -s -1 -B 127.0.0.1 -p 15201 >/dev/null 2>&1 &
srv=$!
sleep 1
capture iperf3-udp.pcap 150 port 15201
iperf3 -c 127.0.0.1 -p 15201 -u -t 1 -b 1M -l 1000 >/dev/null 2>&1 || true
finish
wait "$srv" 2>/dev/null || true

# ICMP: echo to both loopback addresses, and UDP to a closed port, which the kernel answers with
# port unreachable errors quoting the UDP datagram (loopback is not ICMP rate-limited).
capture icmp.pcap 24 icmp or icmp6 or udp port 9
python3 - <<'PY'
import socket, struct
def csum(b):
    if len(b) % 2: b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16: s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF
for seq in range(3):
    body = struct.pack('!BBHHH', 8, 0, 0, 0x1234, seq) + b'rookery-ping'
    body = body[:2] + struct.pack('!H', csum(body)) + body[4:]
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP); s.settimeout(1)
    s.sendto(body, ('127.0.0.1', 0)); s.recv(2048); s.close()
    s6 = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6); s6.settimeout(1)
    s6.sendto(struct.pack('!BBHHH', 128, 0, 0, 0x4321, seq) + b'rookery-ping6', ('::1', 0)); s6.close()
    for fam, host in ((socket.AF_INET, '127.0.0.1'), (socket.AF_INET6, '::1')):
        u = socket.socket(fam, socket.SOCK_DGRAM); u.sendto(b'nobody-listens', (host, 9)); u.close()
PY
finish
ls -l "$out"
