#!/usr/bin/env python3
"""The test bed client's tools, run in the client namespace.

  client.py udp HOST PORT [--count N] [--timeout S]
      sends N datagrams, each from a new socket (a new source port, so a new flow), and prints one
      line per datagram: the answer, or "timeout"
  client.py malformed DST_MAC VIP PORT [--iface eth0] [--repeat N] [--only KIND]
      sends malformed frames at the VIP from a raw socket and prints "KIND COUNT" per kind sent:
      truncated IPv4 header, IHL below 5, total length beyond the frame, total length below the
      header, bad IPv4 checksum, bad TCP checksum, truncated TCP header, bad UDP length, first and
      later fragments and an unknown protocol (a runt shorter than an Ethernet header the kernel will
      not send)
"""
import argparse
import socket
import struct
import sys


def udp(a):
    # every socket stays open to the end, so that no two datagrams share a source port (one flow each)
    socks = []
    for i in range(a.count):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        socks.append(s)
        s.settimeout(a.timeout)
        try:
            s.sendto(("ping %d" % i).encode(), (a.host, a.port))
            data, _ = s.recvfrom(65535)
            print(data.decode().strip())
        except socket.timeout:
            print("timeout")
        sys.stdout.flush()
    for s in socks:
        s.close()


def checksum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def ipv4(src, dst, proto, payload, ihl=5, total=None, frag=0, csum=None, ident=0x1234):
    total = 20 + len(payload) if total is None else total
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, total, ident, frag, 64, proto, 0,
                    socket.inet_aton(src), socket.inet_aton(dst))
    c = checksum(h) if csum is None else csum
    return h[:10] + struct.pack("!H", c) + h[12:] + payload


def l4_checksum(src, dst, proto, seg):
    pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, proto, len(seg))
    return checksum(pseudo + seg)


def tcp_syn(src, dst, sport, dport, good=True):
    seg = struct.pack("!HHIIBBHHH", sport, dport, 1000, 0, 5 << 4, 0x02, 65535, 0, 0)
    c = l4_checksum(src, dst, 6, seg)
    if not good:
        c ^= 0x5A5A
    return seg[:16] + struct.pack("!H", c) + seg[18:]


def udp_dgram(src, dst, sport, dport, payload, length=None):
    length = 8 + len(payload) if length is None else length
    seg = struct.pack("!HHHH", sport, dport, length, 0) + payload
    return seg


def malformed(a):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((a.iface, 0))
    my_mac = s.getsockname()[4]
    dst_mac = bytes.fromhex(a.dst_mac.replace(":", ""))
    src = ip_of(a.iface)
    eth = dst_mac + my_mac + b"\x08\x00"
    vip, port = a.vip, a.port
    syn = tcp_syn(src, vip, 40000, port)
    kinds = [
        # the header claims 32 bytes of options the frame does not hold (the addresses are there, so a BPF filter on them matches)
        ("truncated-ipv4-header", ipv4(src, vip, 6, b"", ihl=13, total=52)),
        ("ihl-below-5", ipv4(src, vip, 6, syn, ihl=3)),
        ("total-length-beyond-frame", ipv4(src, vip, 6, syn, total=20 + len(syn) + 400)),
        ("total-length-below-header", ipv4(src, vip, 6, syn, total=12)),
        ("bad-ipv4-checksum", ipv4(src, vip, 6, syn, csum=0xBEEF)),
        ("bad-tcp-checksum", ipv4(src, vip, 6, tcp_syn(src, vip, 40001, port, good=False))),
        ("truncated-tcp-header", ipv4(src, vip, 6, syn[:8])),
        ("bad-udp-length", ipv4(src, vip, 17, udp_dgram(src, vip, 40002, port, b"hello", length=300))),
        ("first-fragment", ipv4(src, vip, 17, udp_dgram(src, vip, 40003, port, b"A" * 64, length=8 + 128)[:72], frag=0x2000)),
        ("later-fragment", ipv4(src, vip, 17, b"B" * 64, frag=9)),
        ("unknown-protocol", ipv4(src, vip, 253, b"\x00" * 32)),
    ]
    if a.only:
        kinds = [k for k in kinds if k[0] == a.only]
        if not kinds:
            sys.exit("no kind of malformed frame named %s" % a.only)
    for i in range(a.repeat):
        for _, body in kinds:
            s.send(eth + body)
    for kind, _ in kinds:
        print("%s %d" % (kind, a.repeat))


def ip_of(iface):
    import fcntl
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    return socket.inet_ntoa(fcntl.ioctl(s.fileno(), 0x8915, struct.pack("256s", iface.encode()[:15]))[20:24])


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    u = sub.add_parser("udp")
    u.add_argument("host")
    u.add_argument("port", type=int)
    u.add_argument("--count", type=int, default=1)
    u.add_argument("--timeout", type=float, default=2.0)
    m = sub.add_parser("malformed")
    m.add_argument("dst_mac")
    m.add_argument("vip")
    m.add_argument("port", type=int)
    m.add_argument("--iface", default="eth0")
    m.add_argument("--repeat", type=int, default=1)
    m.add_argument("--only", help="send only this kind")
    a = p.parse_args()
    {"udp": udp, "malformed": malformed}[a.cmd](a)


if __name__ == "__main__":
    main()
