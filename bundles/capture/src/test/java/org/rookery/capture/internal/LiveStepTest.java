package org.rookery.capture.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rookery.api.model.FlowKey;
import org.rookery.packet.Bytes;
import org.rookery.packet.PacketView;
import org.rookery.packet.Reason;

/**
 * The live per-frame logic on byte arrays, with a scripted port: what is sent for each method, ARP,
 * NAT replies and the port space, and that bad frames are counted drops.
 */
class LiveStepTest {

    private static final long CLIENT_MAC = TestFrames.ROUTER_MAC;
    private static final long GATEWAY_MAC = 0x02_00_00_00_77_01L;

    @TempDir
    Path dir;

    private LiveFixture fx;
    private LiveStep step;
    private final ScriptedPort port = new ScriptedPort();
    private long now = 1_000_000_000L;

    @BeforeEach
    void setUp() throws Exception {
        fx = new LiveFixture(dir);
        step = fx.step();
    }

    private byte[] process(byte[] frame) {
        int before = port.sent.size();
        byte[] buf = Arrays.copyOf(frame, 9216);
        step.process(buf, frame.length, frame.length, now += 1000, port);
        return port.sent.size() > before ? port.last() : null;
    }

    private static PacketView parsed(byte[] frame, FlowKey key) {
        PacketView v = new PacketView().wrap(frame, 0, frame.length);
        assertEquals(Reason.OK, v.parse(key));
        assertEquals(Reason.OK, v.verifyChecksums(), "checksums of the frame sent");
        return v;
    }

    @Test
    void drChangesOnlyTheMacsToTheNodesAndTheFrontEnds() {
        byte[] out = null;
        for (int port = 40000; out == null || Bytes.u48(out, 0) != LiveFixture.N1_MAC; port++) {
            out = process(TestFrames.tcp("203.0.113.1", port, "192.0.2.10", 80, FlowKey.SYN, 0));
            assertNotNull(out);
        }
        assertEquals(TestFrames.FRONT_END_MAC, Bytes.u48(out, 6), "sent from the front-end's MAC");
        byte[] expected = TestFrames.tcp("203.0.113.1", Bytes.u16(out, 34), "192.0.2.10", 80, FlowKey.SYN, 0);
        assertArrayEquals(Arrays.copyOfRange(expected, 12, expected.length), Arrays.copyOfRange(out, 12, out.length),
                "IP header and segment untouched");
    }

    @Test
    void drToANodeWithoutMacAsksByArpThenUsesTheReply() {
        // wrr over n1, n2: the second new flow goes to n2, whose MAC is unknown
        process(TestFrames.tcp("203.0.113.1", 40000, "192.0.2.10", 80, FlowKey.SYN, 0));
        byte[] arp = process(TestFrames.tcp("203.0.113.1", 40001, "192.0.2.10", 80, FlowKey.SYN, 0));
        assertNotNull(arp);
        assertTrue(Arp.is(arp, arp.length));
        assertEquals(Arp.REQUEST, Arp.operation(arp));
        assertEquals(LiveFixture.v4("10.0.0.2"), Arp.targetIp(arp));
        assertEquals(LiveFixture.OWN_IP, Arp.senderIp(arp));
        assertEquals(1, fx.counters.get(CaptureCounters.NO_NEIGHBOUR));
        byte[] reply = new byte[Arp.LENGTH];
        Arp.write(reply, Arp.REPLY, 0x02_aa_00_00_00_02L, LiveFixture.v4("10.0.0.2"), TestFrames.FRONT_END_MAC, LiveFixture.OWN_IP);
        assertEquals(null, process(reply), "an ARP reply is learnt, not answered");
        byte[] out = process(TestFrames.tcp("203.0.113.1", 40001, "192.0.2.10", 80, FlowKey.SYN, 0));
        assertEquals(0x02_aa_00_00_00_02L, Bytes.u48(out, 0), "the retransmitted SYN reaches n2 (tracked flow)");
    }

    @Test
    void aStaleNodeMacIsAskedForAgainWhileUsedAndForgottenWhenNeverConfirmed() {
        long mac1 = 0x02_aa_00_00_00_02L;
        long mac2 = 0x02_bb_00_00_00_02L;
        int n2 = LiveFixture.v4("10.0.0.2");
        process(TestFrames.tcp("203.0.113.1", 40000, "192.0.2.10", 80, FlowKey.SYN, 0)); // n1
        process(TestFrames.tcp("203.0.113.1", 40001, "192.0.2.10", 80, FlowKey.SYN, 0)); // n2: unknown, asked
        process(arpReply(mac1, n2));
        byte[] ack = TestFrames.tcp("203.0.113.1", 40001, "192.0.2.10", 80, FlowKey.ACK, 10);
        int before = port.sent.size();
        assertEquals(mac1, Bytes.u48(process(ack), 0));
        assertEquals(before + 1, port.sent.size(), "a fresh entry: the frame alone");

        now += 31_000_000_000L; // unconfirmed for over 30 s: stale
        before = port.sent.size();
        assertEquals(mac1, Bytes.u48(process(ack), 0), "a stale entry is still used");
        assertEquals(before + 2, port.sent.size());
        byte[] ask = port.sent.get(before);
        assertTrue(Arp.is(ask, ask.length) && Arp.operation(ask) == Arp.REQUEST && Arp.targetIp(ask) == n2,
                "and the node is asked for again");

        process(arpReply(mac2, n2)); // the node came back with new hardware
        assertEquals(mac2, Bytes.u48(process(ack), 0), "its answer is used at once");

        now += 61_000_000_000L; // never confirmed again: forgotten
        long noNeighbour = fx.counters.get(CaptureCounters.NO_NEIGHBOUR);
        before = port.sent.size();
        byte[] last = process(ack);
        assertEquals(before + 1, port.sent.size(), "nothing forwarded");
        assertTrue(Arp.is(last, last.length) && Arp.targetIp(last) == n2, "only an ARP request");
        assertEquals(noNeighbour + 1, fx.counters.get(CaptureCounters.NO_NEIGHBOUR));
    }

    private static byte[] arpReply(long mac, int ip) {
        byte[] reply = new byte[Arp.LENGTH];
        Arp.write(reply, Arp.REPLY, mac, ip, TestFrames.FRONT_END_MAC, LiveFixture.OWN_IP);
        return reply;
    }

    @Test
    void answersArpForTheVipOnly() {
        byte[] ask = new byte[Arp.LENGTH];
        Arp.write(ask, Arp.REQUEST, CLIENT_MAC, LiveFixture.v4("10.0.0.9"), 0, LiveFixture.v4("192.0.2.10"));
        byte[] reply = process(ask);
        assertNotNull(reply);
        assertEquals(Arp.REPLY, Arp.operation(reply));
        assertEquals(TestFrames.FRONT_END_MAC, Arp.senderMac(reply));
        assertEquals(LiveFixture.v4("192.0.2.10"), Arp.senderIp(reply));
        assertEquals(CLIENT_MAC, Bytes.u48(reply, 0));
        assertEquals(LiveFixture.v4("10.0.0.9"), Arp.targetIp(reply));
        Arp.write(ask, Arp.REQUEST, CLIENT_MAC, LiveFixture.v4("10.0.0.9"), 0, LiveFixture.v4("10.0.0.77"));
        assertEquals(null, process(ask), "not ours to answer");
        assertEquals(1, fx.counters.get(CaptureCounters.ARP_REPLIES));
    }

    @Test
    void natRewritesToTheNodeAndItsRepliesBackToTheVip() {
        byte[] out = process(TestFrames.udp("203.0.113.7", 5000, "192.0.2.10", 53, 100));
        FlowKey k = new FlowKey();
        parsed(out, k);
        assertEquals("udp 203.0.113.7:5000 -> 10.0.0.3:5353", k.toString());
        assertEquals(LiveFixture.D1_MAC, Bytes.u48(out, 0));
        assertEquals(TestFrames.FRONT_END_MAC, Bytes.u48(out, 6));
        // the node's answer, routed through the front-end; the client's MAC was learnt from its frame
        byte[] answer = process(TestFrames.udp("10.0.0.3", 5353, "203.0.113.7", 5000, 60));
        parsed(answer, k);
        assertEquals("udp 192.0.2.10:53 -> 203.0.113.7:5000", k.toString());
        assertEquals(CLIENT_MAC, Bytes.u48(answer, 0));
        assertEquals(TestFrames.FRONT_END_MAC, Bytes.u48(answer, 6));
        assertEquals(1, fx.counters.get(CaptureCounters.NAT_OUT));
    }

    @Test
    void natPortSpaceNodesOwnConnectionLeavesFromTheVipAndItsRepliesComeBack() {
        // a1 (index 1) owns 11000-11999; it connects out through the front-end to a server behind the router
        fx.neighbours.learn(LiveFixture.ROUTER_IP, GATEWAY_MAC, now);
        byte[] out = process(TestFrames.tcp("10.0.0.4", 11005, "198.18.0.80", 80, FlowKey.SYN, 0));
        FlowKey k = new FlowKey();
        parsed(out, k);
        assertEquals("tcp 192.0.2.10:11005 -> 198.18.0.80:80", k.toString());
        assertEquals(GATEWAY_MAC, Bytes.u48(out, 0), "to the default gateway of /proc/net/route");
        byte[] back = process(TestFrames.tcp("198.18.0.80", 80, "192.0.2.10", 11005, FlowKey.SYN | FlowKey.ACK, 0));
        parsed(back, k);
        assertEquals("tcp 198.18.0.80:80 -> 10.0.0.4:11005", k.toString(), "port kept: the slice's, not a service's");
        assertEquals(LiveFixture.A1_MAC, Bytes.u48(back, 0));
        // d1 (index 0) in slice 10000-10999 likewise, though its service port is 5353
        back = process(TestFrames.udp("198.18.0.53", 53, "192.0.2.10", 10007, 20));
        parsed(back, k);
        assertEquals("udp 198.18.0.53:53 -> 10.0.0.3:10007", k.toString());
    }

    @Test
    void natUnknownNextHopAsksTheGatewayByArp() {
        byte[] out = process(TestFrames.tcp("10.0.0.4", 11005, "198.18.0.80", 80, FlowKey.SYN, 0));
        assertTrue(Arp.is(out, out.length));
        assertEquals(LiveFixture.ROUTER_IP, Arp.targetIp(out));
        assertEquals(1, fx.counters.get(CaptureCounters.NO_NEIGHBOUR));
    }

    @Test
    void drPortSpaceFlowGoesToTheSlicesNode() {
        byte[] out = process(TestFrames.tcp("198.18.0.80", 80, "192.0.2.10", 12001, FlowKey.ACK, 10)); // n1 has index 2
        assertEquals(LiveFixture.N1_MAC, Bytes.u48(out, 0));
        parsed(out, new FlowKey());
    }

    @Test
    void tunEncapsulatesToTheNode() {
        byte[] in = TestFrames.tcp("203.0.113.8", 50000, "192.0.2.10", 443, FlowKey.SYN, 0);
        byte[] out = process(in);
        assertEquals(in.length + 20, out.length);
        assertEquals(LiveFixture.T1_MAC, Bytes.u48(out, 0));
        assertEquals(TestFrames.FRONT_END_MAC, Bytes.u48(out, 6));
        assertEquals(4, out[14 + 9], "outer protocol IPIP");
        assertEquals(LiveFixture.v4("192.0.2.10"), Bytes.i32(out, 26), "outer source: the VIP");
        assertEquals(LiveFixture.v4("10.0.0.5"), Bytes.i32(out, 30), "outer destination: the node");
        assertArrayEquals(Arrays.copyOfRange(in, 14, in.length), Arrays.copyOfRange(out, 34, out.length), "inner datagram intact");
        assertEquals(0, TestFrames.checksum(out, 14, 20, 0), "outer header checksum");
    }

    @Test
    void icmpErrorFromANatNodeIsTranslatedBackToTheVip() {
        process(TestFrames.udp("203.0.113.7", 5000, "192.0.2.10", 53, 10));
        byte[] quoteOf = TestFrames.udp("203.0.113.7", 5000, "10.0.0.3", 5353, 10); // what the node got
        byte[] icmp = TestFrames.icmpError("10.0.0.3", "203.0.113.7", 3, 3, Arrays.copyOfRange(quoteOf, 14, 14 + 28));
        byte[] out = process(icmp);
        assertNotNull(out);
        FlowKey k = new FlowKey();
        parsed(out, k);
        assertEquals(LiveFixture.v4("192.0.2.10"), Bytes.i32(out, 26), "outer source: the VIP");
        assertEquals(LiveFixture.v4("192.0.2.10"), Bytes.i32(out, 42 + 16), "quoted destination: the VIP");
        assertEquals(53, Bytes.u16(out, 42 + 20 + 2), "quoted destination port: the service's");
    }

    @Test
    void badFramesAreCountedDropsAndNothingIsSent() {
        byte[] good = TestFrames.tcp("203.0.113.1", 40000, "192.0.2.10", 80, FlowKey.SYN, 0);
        assertEquals(null, process(Arrays.copyOf(good, 30)));
        byte[] badLength = good.clone();
        Bytes.put16(badLength, 16, 4000);
        assertEquals(null, process(badLength));
        byte[] fragment = good.clone();
        Bytes.put16(fragment, 20, 0x0010); // offset 128 bytes
        assertEquals(null, process(fragment));
        assertEquals(1, fx.counters.parseDrops(Reason.TRUNCATED));
        assertEquals(1, fx.counters.parseDrops(Reason.BAD_LENGTH));
        assertEquals(1, fx.counters.parseDrops(Reason.FRAGMENT));
        java.util.Random r = new java.util.Random(6);
        for (int i = 0; i < 20_000; i++) {
            byte[] f = good.clone();
            f[14 + r.nextInt(f.length - 14)] ^= (byte) (1 + r.nextInt(255));
            f = Arrays.copyOf(f, 14 + r.nextInt(f.length - 13));
            process(f); // never throws
        }
        assertEquals(20_003, fx.counters.get(CaptureCounters.FRAMES));
    }

    @Test
    void framesOfNoServicePassUntouched() {
        assertEquals(null, process(TestFrames.udp("10.0.0.3", 7000, "10.0.0.254", 9, 10)), "to the host itself");
        assertEquals(null, process(TestFrames.tcp("10.0.0.3", 33333, "198.18.0.1", 22, FlowKey.SYN, 0)), "a NAT node's other traffic");
        assertEquals(2, fx.counters.get(CaptureCounters.PASSED));
        assertEquals(null, process(TestFrames.tcp("203.0.113.1", 1, "192.0.2.10", 22, FlowKey.SYN, 0)), "the VIP's other ports");
        assertEquals(1, fx.counters.get(CaptureCounters.LOCAL));
    }

    @Test
    void oversizeFramesAreDropped() {
        byte[] big = TestFrames.tcp("203.0.113.1", 40000, "192.0.2.10", 80, FlowKey.ACK, 3000);
        assertEquals(null, process(big));
        assertEquals(1, fx.counters.get(CaptureCounters.OVERSIZE));
    }

    @Test
    void aFrameThePortRefusesCountsAsSendFailedNotForwardedNorAsNodeBytes() {
        port.refuse = true;
        assertEquals(null, process(TestFrames.tcp("203.0.113.1", 40000, "192.0.2.10", 80, FlowKey.SYN, 0)));
        assertEquals(1, fx.counters.get(CaptureCounters.SEND_FAILED));
        assertEquals(0, fx.counters.get(CaptureCounters.FORWARDED));
        assertTrue(fx.counters.traffic().values().stream().allMatch(t -> t.bytesIn() == 0 && t.bytesOut() == 0),
                fx.counters.traffic().toString());
        port.refuse = false;
        byte[] syn = TestFrames.tcp("203.0.113.1", 40000, "192.0.2.10", 80, FlowKey.SYN, 0); // the same flow: to n1 again
        assertNotNull(process(syn));
        assertEquals(1, fx.counters.get(CaptureCounters.FORWARDED), "counted once the port took it");
        assertEquals(syn.length, fx.counters.traffic().values().stream().mapToLong(t -> t.bytesIn()).sum());
    }
}
