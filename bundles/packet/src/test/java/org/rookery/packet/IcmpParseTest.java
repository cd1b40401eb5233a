package org.rookery.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rookery.packet.Frames.CLIENT4;
import static org.rookery.packet.Frames.CLIENT6;
import static org.rookery.packet.Frames.VIP4;
import static org.rookery.packet.Frames.VIP6;
import static org.rookery.packet.Frames.eth4;
import static org.rookery.packet.Frames.eth6;
import static org.rookery.packet.Frames.ipv4;
import static org.rookery.packet.Frames.ipv6;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.IpAddress;

/** Keying of ICMP and ICMPv6: echo by identifier, errors by the quoted flow turned round, bad quotes rejected. */
class IcmpParseTest {

    private static final byte[] NONE = new byte[0];
    private static final byte[] DATA = "hello, rookery".getBytes();

    private final PacketView v = new PacketView();
    private final FlowKey k = new FlowKey();

    private int parse(byte[] frame) {
        return v.wrap(frame, 0, frame.length).parse(k);
    }

    private static FlowKey key(int proto, byte[] src, int sport, byte[] dst, int dport) {
        return new FlowKey().set(proto, addr(src), sport, addr(dst), dport);
    }

    private static IpAddress addr(byte[] a) {
        return a.length == 4 ? IpAddress.v4(Frames.int4(a)) : new IpAddress(IpAddress.V6, Frames.hi(a), Frames.lo(a));
    }

    @Test
    void echoIsKeyedByItsIdentifier() {
        assertEquals(Reason.OK, parse(eth4(ipv4(CLIENT4, VIP4, 1, NONE, 0, Frames.icmp(8, 0, 0x77770001, DATA)))));
        assertEquals(key(1, CLIENT4, 0x7777, VIP4, 0x7777), k);
        assertEquals(Reason.OK, v.verifyChecksums());
        assertEquals(Reason.OK, parse(eth6(ipv6(CLIENT6, VIP6, 58, Frames.icmp(129, 0, 0x12340002, DATA)))));
        assertEquals(key(58, CLIENT6, 0x1234, VIP6, 0x1234), k);
        assertEquals(Reason.OK, v.verifyChecksums());
        assertEquals(Reason.OK, parse(eth6(ipv6(CLIENT6, VIP6, 58, Frames.icmp(135, 0, 0, VIP6)))));
        assertEquals(key(58, CLIENT6, 0, VIP6, 0), k, "other informational messages have no ports");
    }

    @Test
    void icmpv4ErrorsAreKeyedByTheQuotedFlowTurnedRound() {
        int[][] kinds = {{3, 4}, {3, 3}, {11, 0}, {12, 0}, {4, 0}};
        for (int proto : new int[] {6, 17}) {
            for (int[] kind : kinds) {
                for (int quoted : new int[] {28, 40, Integer.MAX_VALUE}) {
                    byte[] quote = Frames.first(Frames.replyV4(proto), quoted);
                    byte[] f = eth4(ipv4(Frames.ROUTER4, VIP4, 1, NONE, 0, Frames.icmp(kind[0], kind[1], 1400, quote)));
                    assertEquals(Reason.OK, parse(f), "type " + kind[0]);
                    int sport = proto == 6 ? 40000 : 5353;
                    int dport = proto == 6 ? 80 : 53;
                    assertEquals(key(proto, CLIENT4, sport, VIP4, dport), k);
                    assertTrue(k.icmpError());
                    assertTrue(v.isIcmpError());
                    assertEquals(kind[0], v.icmpType());
                    assertEquals(14 + 28, v.innerL3Offset());
                    assertEquals(14 + 48, v.innerL4Offset());
                    assertEquals(proto, v.innerProtocol());
                    assertEquals(1, v.l4Protocol());
                    assertEquals(Reason.OK, v.verifyChecksums());
                }
            }
        }
    }

    @Test
    void icmpv6ErrorsAreKeyedByTheQuotedFlowTurnedRound() {
        for (int proto : new int[] {6, 17}) {
            for (int type = 1; type <= 4; type++) {
                for (int quoted : new int[] {48, 60, Integer.MAX_VALUE}) {
                    byte[] quote = Frames.first(Frames.replyV6(proto), quoted);
                    byte[] f = eth6(ipv6(Frames.ROUTER6, VIP6, 58, Frames.icmp(type, 0, 1280, quote)));
                    assertEquals(Reason.OK, parse(f), "type " + type);
                    int sport = proto == 6 ? 40000 : 5353;
                    int dport = proto == 6 ? 80 : 53;
                    assertEquals(key(proto, CLIENT6, sport, VIP6, dport), k);
                    assertTrue(k.icmpError());
                    assertEquals(14 + 48, v.innerL3Offset());
                    assertEquals(14 + 88, v.innerL4Offset());
                    assertEquals(Reason.OK, v.verifyChecksums());
                }
            }
        }
    }

    @Test
    void malformedQuotesAreBadIcmp() {
        byte[] reply = Frames.replyV4(6);
        assertEquals(Reason.BAD_ICMP, parse(eth4(ipv4(Frames.ROUTER4, VIP4, 1, NONE, 0, Frames.icmp(3, 1, 0, Frames.first(reply, 27))))));
        assertEquals(Reason.BAD_ICMP, parse(eth4(ipv4(Frames.ROUTER4, VIP4, 1, NONE, 0, Frames.icmp(3, 1, 0, Frames.first(reply, 19))))));
        byte[] v6Quote = Frames.first(Frames.replyV6(6), 48);
        assertEquals(Reason.BAD_ICMP, parse(eth4(ipv4(Frames.ROUTER4, VIP4, 1, NONE, 0, Frames.icmp(3, 1, 0, v6Quote)))), "wrong version");
        byte[] badIhl = reply.clone();
        badIhl[0] = 0x44;
        assertEquals(Reason.BAD_ICMP, parse(eth4(ipv4(Frames.ROUTER4, VIP4, 1, NONE, 0, Frames.icmp(3, 1, 0, badIhl)))));
        byte[] errorAboutError = ipv4(VIP4, CLIENT4, 1, NONE, 0, Frames.icmp(11, 0, 0, Frames.first(reply, 28)));
        assertEquals(Reason.BAD_ICMP, parse(eth4(ipv4(Frames.ROUTER4, VIP4, 1, NONE, 0, Frames.icmp(3, 1, 0, errorAboutError)))));
        byte[] v6ErrorAboutError = ipv6(VIP6, CLIENT6, 58, Frames.icmp(1, 0, 0, Frames.first(Frames.replyV6(17), 48)));
        assertEquals(Reason.BAD_ICMP, parse(eth6(ipv6(Frames.ROUTER6, VIP6, 58, Frames.icmp(2, 0, 1280, v6ErrorAboutError)))));
        assertEquals(Reason.BAD_ICMP, parse(eth6(ipv6(Frames.ROUTER6, VIP6, 58, Frames.icmp(1, 0, 0, Frames.first(Frames.replyV6(6), 47))))));
    }

    @Test
    void errorsQuotingEchoOrLaterFragmentsOrOtherProtocols() {
        byte[] echoReply = ipv4(VIP4, CLIENT4, 1, NONE, 0, Frames.icmp(0, 0, 0x42420001, DATA));
        assertEquals(Reason.OK, parse(eth4(ipv4(Frames.ROUTER4, VIP4, 1, NONE, 0, Frames.icmp(11, 0, 0, Frames.first(echoReply, 28))))));
        assertEquals(key(1, CLIENT4, 0x4242, VIP4, 0x4242), k);
        assertTrue(k.icmpError());

        byte[] later = ipv4(VIP4, CLIENT4, 17, NONE, 100, new byte[40]);
        assertEquals(Reason.FRAGMENT, parse(eth4(ipv4(Frames.ROUTER4, VIP4, 1, NONE, 0, Frames.icmp(3, 4, 1400, later)))));
        assertEquals(key(17, CLIENT4, 0, VIP4, 0), k);
        assertTrue(k.icmpError());

        byte[] gre = ipv6(VIP6, CLIENT6, 47, new byte[16]);
        assertEquals(Reason.UNSUPPORTED_PROTOCOL, parse(eth6(ipv6(Frames.ROUTER6, VIP6, 58, Frames.icmp(1, 0, 0, gre)))));
        assertEquals(key(47, CLIENT6, 0, VIP6, 0), k);
    }
}
