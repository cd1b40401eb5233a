package org.rookery.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rookery.api.datapath.NodeTraffic;
import org.rookery.api.model.Protocol;

/** Datagrams reach the node and replies reach their own client, from the VIP port; idle sessions end. */
class UdpRelayTest {

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {false, true})
    void twoClientsGetTheirOwnReplies(boolean epoll) throws Exception {
        try (UdpEcho node = new UdpEcho();
             Fixture f = new Fixture(Fixture.settings(false, 2), epoll);
             DatagramSocket a = client();
             DatagramSocket b = client()) {
            f.dispatcher.addNode("n1", "127.0.0.1", node.port());
            int port = f.addService("dns", Protocol.UDP, "127.0.0.1");
            InetSocketAddress vip = Fixture.at("127.0.0.1", port);
            for (int i = 0; i < 3; i++) {
                send(a, vip, "a" + i);
                send(b, vip, "b" + i);
                assertEquals("echo a" + i, receive(a, vip));
                assertEquals("echo b" + i, receive(b, vip));
            }
            byte[] big = new byte[60_000]; // above Netty's default 2048-byte datagram buffer
            Arrays.fill(big, (byte) 7);
            a.send(new DatagramPacket(big, big.length, vip));
            byte[] back = new byte[65_536];
            DatagramPacket p = new DatagramPacket(back, back.length);
            a.receive(p);
            assertEquals(big.length + 5, p.getLength(), "the whole datagram went both ways");
            assertArrayEquals(big, Arrays.copyOfRange(back, 5, p.getLength()));

            assertEquals(2, f.counter("udp-sessions-total"), "one session per client address and port");
            assertEquals(7, f.counter("udp-datagrams-in"));
            assertEquals(7, f.counter("udp-datagrams-out"));
            // per node: while the sessions are open (a scrape has them add their bytes), and after they closed
            NodeTraffic expected = new NodeTraffic(6 * 2 + big.length, 6 * 7 + big.length + 5);
            assertEquals(expected, f.engine.nodeTraffic().get("p/n1"));
            Fixture.await("idle sessions closed", () -> f.counter("udp-sessions") == 0);
            assertEquals(expected, f.engine.nodeTraffic().get("p/n1"));
            assertTrue(f.dispatcher.tracked.isEmpty(), "each ended session was forgotten");
            assertEquals(0, f.dispatcher.closedUntracked.get());
        }
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {false, true})
    void clientsBeyondTheSessionBoundAreDropped(boolean epoll) throws Exception {
        ProxySettings one = new ProxySettings(2, false, 2000, 2, 900, 1, false, 30, 1, 128);
        try (UdpEcho node = new UdpEcho();
             Fixture f = new Fixture(one, epoll);
             DatagramSocket a = client();
             DatagramSocket b = client()) {
            f.dispatcher.addNode("n1", "127.0.0.1", node.port());
            InetSocketAddress vip = Fixture.at("127.0.0.1", f.addService("dns", Protocol.UDP, "127.0.0.1"));
            send(a, vip, "first");
            assertEquals("echo first", receive(a, vip));
            send(b, vip, "second");
            Fixture.await("second client dropped", () -> f.counter("drops.udp-sessions-full") == 1);
            assertEquals(1, f.counter("udp-sessions"));
            assertEquals(1, f.dispatcher.drops.get(), "the drop is counted by the dispatcher too");
        }
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {false, true})
    void removedServiceEndsItsSessions(boolean epoll) throws Exception {
        ProxySettings longIdle = new ProxySettings(2, false, 2000, 2, 900, 1, false, 3600, 65536, 128);
        try (UdpEcho node = new UdpEcho();
             Fixture f = new Fixture(longIdle, epoll);
             DatagramSocket a = client()) {
            f.dispatcher.addNode("n1", "127.0.0.1", node.port());
            InetSocketAddress vip = Fixture.at("127.0.0.1", f.addService("dns", Protocol.UDP, "127.0.0.1"));
            send(a, vip, "q");
            assertEquals("echo q", receive(a, vip));
            f.removeService("dns");
            Fixture.await("session closed with its listener", () -> f.counter("udp-sessions") == 0);
            assertEquals(0, f.counter("listeners"));
            assertTrue(f.dispatcher.tracked.isEmpty());
        }
    }

    static DatagramSocket client() throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(Fixture.loopback("127.0.0.1"), 0));
        s.setSoTimeout((int) Fixture.WAIT_MILLIS);
        return s;
    }

    static void send(DatagramSocket s, InetSocketAddress to, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(b, b.length, to));
    }

    /** Receives one datagram and checks that it came from the VIP port. */
    static String receive(DatagramSocket s, InetSocketAddress vip) throws IOException {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        assertEquals(vip, p.getSocketAddress(), "replies come from the VIP and port the client sent to");
        return new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
    }
}
