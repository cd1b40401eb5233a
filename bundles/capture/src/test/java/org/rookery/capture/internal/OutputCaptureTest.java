package org.rookery.capture.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.namednumber.DataLinkType;
import org.rookery.api.model.FlowKey;
import org.rookery.packet.Macs;
import org.rookery.packet.PacketView;
import org.rookery.packet.Reason;

/** The --out capture: libpcap and pcap4j read it, and each frame is rewritten for its node with right checksums. */
class OutputCaptureTest {

    @TempDir
    Path dir;

    @Test
    void rewrittenFramesAreReadableAndRightPerForwardingMethod() throws Exception {
        Path in = TestFrames.write(dir.resolve("mix.pcap"), ReplayerTest.mix(false));
        Path out = dir.resolve("out.pcap");
        ReplayReport r = new LiveCluster().replayer().replay(ReplayRequest.parse(new Object[] {in.toString(), "--out", out.toString()}));
        assertEquals(22, r.written());
        assertTrue(r.format().endsWith("\nwrote 22 frames to " + out), r.format());

        List<byte[]> frames = read(out);
        assertEquals(22, frames.size());
        Map<String, Integer> perMac = new HashMap<>();
        PacketView v = new PacketView();
        FlowKey k = new FlowKey();
        int dr = 0;
        int nat = 0;
        int tun = 0;
        for (byte[] f : frames) {
            String mac = Macs.toString(Macs.read(f, 0));
            perMac.merge(mac, 1, Integer::sum);
            EthernetPacket eth = EthernetPacket.newPacket(f, 0, f.length);
            IpV4Packet outer = eth.get(IpV4Packet.class);
            assertNotNull(outer, "pcap4j parses IPv4");
            assertTrue(outer.getHeader().hasValidChecksum(false), "IPv4 header checksum");
            if (outer.getHeader().getProtocol().value() == 4) { // tunnel: IP-in-IP to the node
                tun++;
                assertEquals("10.0.3.1", outer.getHeader().getDstAddr().getHostAddress());
                assertEquals("192.0.2.10", outer.getHeader().getSrcAddr().getHostAddress(), "outer source: the VIP");
                assertEquals("02:aa:00:00:00:03", mac);
                assertEquals(TestFrames.FRONT_END_MAC, Macs.read(f, 6), "outer source MAC: the front-end's own");
                byte[] raw = outer.getPayload().getRawData(); // pcap4j leaves protocol 4 unparsed
                IpV4Packet inner = IpV4Packet.newPacket(raw, 0, raw.length);
                TcpPacket tcp = inner.get(TcpPacket.class);
                assertEquals("192.0.2.10", inner.getHeader().getDstAddr().getHostAddress());
                assertTrue(tcp.hasValidChecksum((Inet4Address) inner.getHeader().getSrcAddr(),
                        (Inet4Address) inner.getHeader().getDstAddr(), false));
                continue;
            }
            assertEquals(Reason.OK, v.wrap(f, 0, f.length).parse(k));
            assertEquals(Reason.OK, v.verifyChecksums(), "checksums of " + k);
            if (k.protocol() == 17) { // nat: address, port and MAC of the node
                nat++;
                assertEquals("10.0.2.1", k.destination().toString());
                assertEquals(5353, k.dstPort());
                assertEquals("02:aa:00:00:00:02", mac);
            } else { // dr: only the MAC changed
                dr++;
                assertEquals("192.0.2.10", k.destination().toString());
                assertNotNull(eth.get(TcpPacket.class), "pcap4j parses TCP");
            }
        }
        assertEquals(List.of(18, 2, 2), List.of(dr, nat, tun));
        assertEquals(9, perMac.get(LiveCluster.N1_MAC), "n1 by its configured MAC: " + perMac);
        List<Integer> madeUp = new ArrayList<>();
        perMac.forEach((mac, n) -> {
            if (mac.startsWith("02:00:00:00:00:")) {
                madeUp.add(n);
            }
        });
        madeUp.sort(null);
        assertEquals(List.of(3, 6), madeUp, "n2 and n3 by MACs made from their ids: " + perMac);
    }

    static List<byte[]> read(Path file) throws Exception {
        List<byte[]> frames = new ArrayList<>();
        try (PcapHandle h = Pcaps.openOffline(file.toString())) {
            assertEquals(DataLinkType.EN10MB, h.getDlt());
            while (true) {
                try {
                    frames.add(h.getNextRawPacketEx());
                } catch (EOFException e) {
                    return frames;
                }
            }
        }
    }
}
