package org.rookery.proxy.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A UDP node that answers every datagram with "echo " and the datagram. */
final class UdpEcho implements AutoCloseable {
    private final DatagramSocket socket;

    UdpEcho() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(Fixture.loopback("127.0.0.1"), 0));
        Thread t = new Thread(() -> {
            byte[] buf = new byte[65_536];
            byte[] out = new byte[65_536 + 5];
            System.arraycopy("echo ".getBytes(StandardCharsets.UTF_8), 0, out, 0, 5);
            while (!socket.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    System.arraycopy(buf, 0, out, 5, p.getLength());
                    socket.send(new DatagramPacket(out, p.getLength() + 5, p.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        }, "udp-node");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        socket.close();
    }
}
