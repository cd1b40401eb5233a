#!/usr/bin/env python3
"""A test bed node's servers: HTTP and UDP echo, each answer naming the node and the peer it saw.

Usage: node_server.py NAME --http PORT[,PORT...] --udp PORT[,PORT...] [--bind ADDR ...]

HTTP: GET / answers "NAME client=IP:PORT\n" (the client address the node saw: with dr and nat the
real client's); GET /big?bytes=N&rate=BPS streams N bytes, paced to about BPS bytes per second when
given, and ends with a line naming the node, so a long transfer proves that one node served the
connection from start to end. POST (any path) reads the body and answers "NAME client=IP:PORT
received=N sum=S\n" (S: the sum of the body's bytes mod 2^32), so the sender sees that its bytes arrived. UDP: every datagram is answered with "NAME client=IP:PORT len=L\n"
from the address it was sent to (one socket per --bind address, so that with direct routing the
answer leaves from the VIP the node holds on lo).
"""
import argparse
import http.server
import socket
import socketserver
import sys
import threading
import time
import urllib.parse


def http_handler(name):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            peer = "%s:%d" % self.client_address[:2]
            if url.path == "/big":
                q = urllib.parse.parse_qs(url.query)
                total = int(q.get("bytes", ["1048576"])[0])
                rate = int(q.get("rate", ["0"])[0])
                tail = ("\n%s client=%s\n" % (name, peer)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(total + len(tail)))
                self.end_headers()
                chunk = b"x" * 16384
                sent, start = 0, time.monotonic()
                while sent < total:
                    n = min(len(chunk), total - sent)
                    self.wfile.write(chunk[:n])
                    sent += n
                    if rate > 0:
                        ahead = sent / rate - (time.monotonic() - start)
                        if ahead > 0:
                            time.sleep(ahead)
                self.wfile.write(tail)
                return
            body = ("%s client=%s\n" % (name, peer)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            peer = "%s:%d" % self.client_address[:2]
            left = int(self.headers.get("Content-Length", "0"))
            got, total = 0, 0
            while got < left:
                data = self.rfile.read(min(65536, left - got))
                if not data:
                    break
                got += len(data)
                total = (total + sum(data)) & 0xffffffff
            body = ("%s client=%s received=%d sum=%d\n" % (name, peer, got, total)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, fmt, *args):
            pass

    return Handler


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024


def udp_echo(name, addr, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    while True:
        data, peer = s.recvfrom(65535)
        s.sendto(("%s client=%s:%d len=%d\n" % (name, peer[0], peer[1], len(data))).encode(), peer)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("name")
    p.add_argument("--http", default="80")
    p.add_argument("--udp", default="9000")
    p.add_argument("--bind", action="append", default=[])
    a = p.parse_args()
    threads = []
    for port in [int(x) for x in a.http.split(",") if x]:
        srv = Server(("0.0.0.0", port), http_handler(a.name))
        threads.append(threading.Thread(target=srv.serve_forever, daemon=True))
    for port in [int(x) for x in a.udp.split(",") if x]:
        for addr in ["0.0.0.0"] + a.bind:
            threads.append(threading.Thread(target=udp_echo, args=(a.name, addr, port), daemon=True))
    for t in threads:
        t.start()
    print("%s serving http %s udp %s" % (a.name, a.http, a.udp), flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
