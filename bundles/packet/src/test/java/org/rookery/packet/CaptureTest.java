package org.rookery.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV6ExtFragmentPacket;
import org.pcap4j.packet.Packet;
import org.rookery.api.model.FlowKey;

/** Real captures (pcap4j's test captures and loopback captures made for this bundle), cross-checked against pcap4j. */
class CaptureTest {

    private final PacketView v = new PacketView();
    private final FlowKey k = new FlowKey();

    @Test
    void keysAgreeWithPcap4j() {
        Map<String, Integer> outcomes = new TreeMap<>();
        int frames = 0;
        for (Pcap.Capture c : Captures.all()) {
            if (c.linkType() != Pcap.ETHERNET) {
                continue;
            }
            for (byte[] f : c.frames()) {
                frames++;
                String where = c.name() + " frame " + frames;
                int r = v.wrap(f, 0, f.length).parse(k);
                Pcap4jView p = new Pcap4jView(f);
                String outcome = Reason.name(r) + (v.isIcmpError() ? "/icmp-error" : "");
                outcomes.merge(outcome, 1, Integer::sum);
                if (p.ips.isEmpty()) {
                    assertEquals(Reason.UNSUPPORTED_ETHERTYPE, r, where);
                    continue;
                }
                assertTrue(r == Reason.OK || r == Reason.FRAGMENT || r == Reason.UNSUPPORTED_PROTOCOL, where + ": " + Reason.name(r));
                Packet outer = p.ips.get(0);
                if (!v.isIcmpError()) {
                    assertEquals(Pcap4jView.src(outer), k.source(), where);
                    assertEquals(Pcap4jView.dst(outer), k.destination(), where);
                    int[] ports = p.ports(outer);
                    if (ports != null) {
                        assertEquals(Reason.OK, r, where);
                        assertArrayEquals(ports, new int[] {k.srcPort(), k.dstPort()}, where);
                    }
                    int id = p.echoIdentifier(outer);
                    if (id >= 0) {
                        assertEquals(id, k.srcPort(), where);
                        assertEquals(id, k.dstPort(), where);
                    }
                    assertEquals(r == Reason.FRAGMENT, laterFragment(p), where);
                } else {
                    Packet inner = p.ips.get(1);
                    assertEquals(Pcap4jView.dst(inner), k.source(), where + ": the quote turned round");
                    assertEquals(Pcap4jView.src(inner), k.destination(), where);
                    int[] ports = p.ports(inner);
                    if (ports == null) {
                        byte[] raw = p.after(inner).getRawData(); // pcap4j could not read the cut-short transport
                        ports = new int[] {Frames.u16(raw, 0), Frames.u16(raw, 2)};
                    }
                    if (k.protocol() == 6 || k.protocol() == 17) {
                        assertArrayEquals(new int[] {ports[1], ports[0]}, new int[] {k.srcPort(), k.dstPort()}, where);
                    }
                    assertTrue(k.icmpError());
                }
            }
        }
        System.out.println("captures: " + frames + " Ethernet frames, outcomes " + outcomes);
        assertTrue(outcomes.getOrDefault("ok", 0) >= 300, outcomes.toString());
        assertTrue(outcomes.getOrDefault("ok/icmp-error", 0) >= 14, "pcap4j's 8 errors and the 6 loopback ones");
        assertTrue(outcomes.getOrDefault("fragment", 0) >= 4);
        assertTrue(outcomes.getOrDefault("unsupported-protocol", 0) >= 1, "SCTP");
    }

    private static boolean laterFragment(Pcap4jView p) {
        Packet outer = p.ips.get(0);
        if (outer instanceof IpV4Packet p4) {
            return p4.getHeader().getFragmentOffset() != 0;
        }
        IpV6ExtFragmentPacket frag = p.find(outer, IpV6ExtFragmentPacket.class);
        return frag != null && frag.getHeader().getFragmentOffset() != 0;
    }

    @Test
    void checksumVerdictsAgreeWithPcap4jAndTheReference() {
        int checked = 0;
        int bad = 0;
        for (byte[] f : Captures.ethernetFrames()) {
            if (v.wrap(f, 0, f.length).parse(k) != Reason.OK || v.isFragment()) {
                continue;
            }
            boolean ours = v.verifyChecksums() == Reason.OK;
            assertEquals(new Pcap4jView(f).checksumsValid(), ours, "pcap4j disagrees on " + k);
            assertEquals(RefVerify.valid(v), ours, "the reference disagrees on " + k);
            checked++;
            bad += ours ? 0 : 1;
        }
        System.out.println("checksums: " + checked + " frames checked, " + bad + " bad");
        assertTrue(checked >= 300);
    }

    /**
     * Loopback hands the capture TCP and UDP segments whose checksum the kernel left partial
     * (CHECKSUM_PARTIAL, the offload trap of CONVENTIONS.md): verification must catch them, and once
     * filled in by the reference they must verify.
     */
    @Test
    void loopbackCapturesCarryPartialChecksums() {
        int partial = 0;
        for (Pcap.Capture c : Captures.own()) {
            for (byte[] frame : c.frames()) {
                byte[] f = frame.clone();
                assertEquals(Reason.OK, v.wrap(f, 0, f.length).parse(k), c.name());
                if (v.verifyChecksums() == Reason.BAD_CHECKSUM) {
                    partial++;
                    assertTrue(k.protocol() == 6 || k.protocol() == 17, "only transports are offloaded");
                    RefVerify.fill(v);
                    assertEquals(Reason.OK, v.verifyChecksums());
                    assertTrue(new Pcap4jView(f).checksumsValid());
                }
            }
        }
        assertTrue(partial > 100, "partial checksums: " + partial);
    }

    @Test
    void pcapReaderReadsBothByteOrders() {
        Pcap.Capture little = Captures.own().get(0);
        for (java.nio.ByteOrder order : new java.nio.ByteOrder[] {java.nio.ByteOrder.BIG_ENDIAN, java.nio.ByteOrder.LITTLE_ENDIAN}) {
            Pcap.Capture again = Pcap.read("again", Pcap.write(little, order));
            assertEquals(little.linkType(), again.linkType());
            assertEquals(little.frames().size(), again.frames().size());
            for (int i = 0; i < little.frames().size(); i++) {
                assertArrayEquals(little.frames().get(i), again.frames().get(i));
            }
        }
        byte[] nanos = Pcap.write(little, java.nio.ByteOrder.BIG_ENDIAN);
        nanos[2] = 0x3C;
        nanos[3] = 0x4D; // the nanosecond-resolution magic
        assertEquals(little.frames().size(), Pcap.read("nanos", nanos).frames().size());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Pcap.read("junk", new byte[24]));
        assertFalse(Captures.pcap4j().isEmpty());
        assertNotNull(Captures.class.getResource("/captures/icmp.pcap"));
    }
}
