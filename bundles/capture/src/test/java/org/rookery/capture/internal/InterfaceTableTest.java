package org.rookery.capture.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.namednumber.DataLinkType;
import org.rookery.api.model.FlowKey;
import org.rookery.packet.Bytes;

/**
 * The capture filters compile with the real libpcap, and run by libpcap's own BPF interpreter they
 * take what the datapath needs: ARP on worker 0 only, every frame to the VIP and every NAT reply on
 * exactly one worker, a connection's two directions on the same one, the host's own traffic on none.
 */
class InterfaceTableTest {

    @TempDir
    Path dir;

    private static BpfProgram compile(String filter) throws Exception {
        return Pcaps.compileFilter(65535, DataLinkType.EN10MB, filter, BpfProgram.BpfCompileMode.OPTIMIZE,
                org.pcap4j.core.PcapHandle.PCAP_NETMASK_UNKNOWN);
    }

    private static int matches(BpfProgram[] workers, byte[] frame) {
        int k = -1;
        int count = 0;
        for (int i = 0; i < workers.length; i++) {
            if (workers[i].applyFilter(frame)) {
                k = i;
                count++;
            }
        }
        return count == 1 ? k : -10 - count;
    }

    @Test
    void filtersSplitFlowsSoBothDirectionsMeetOneWorker() throws Exception {
        InterfaceTable t = new LiveFixture(dir).table;
        for (int n : new int[] {1, 2, 3}) {
            BpfProgram[] w = new BpfProgram[n];
            for (int k = 0; k < n; k++) {
                w[k] = compile(t.filter(n, k));
            }
            byte[] arp = new byte[Arp.LENGTH];
            Arp.write(arp, Arp.REQUEST, 0x02_00_00_00_00_09L, LiveFixture.v4("10.0.0.9"), 0, LiveFixture.v4("192.0.2.10"));
            assertEquals(0, matches(w, arp), "ARP on worker 0");
            int[] seen = new int[n];
            for (int p = 1000; p < 1100; p++) {
                int in = matches(w, TestFrames.udp("203.0.113.7", p, "192.0.2.10", 53, 10));
                int out = matches(w, TestFrames.udp("10.0.0.3", 5353, "203.0.113.7", p, 10));
                assertTrue(in >= 0, "one worker takes the request, " + n + " workers");
                assertEquals(in, out, "the reply meets the request's worker, " + n + " workers, port " + p);
                seen[in]++;
                assertTrue(matches(w, TestFrames.tcp("203.0.113.7", p, "192.0.2.10", 80, FlowKey.SYN, 0)) >= 0);
            }
            for (int k = 0; k < n; k++) {
                assertTrue(seen[k] > 10, "worker " + k + " of " + n + " gets a share: " + seen[k]);
            }
            assertEquals(-10, matches(w, TestFrames.udp("10.0.0.3", 5353, "10.0.0.254", 9, 10)), "to the host: none");
            assertEquals(-10, matches(w, TestFrames.udp("203.0.113.7", 1, "192.0.2.11", 53, 10)), "another address: none");
        }
    }

    @Test
    void malformedFramesToTheVipReachAWorkerToBeCounted() throws Exception {
        InterfaceTable t = new LiveFixture(dir).table;
        byte[] good = TestFrames.tcp("203.0.113.1", 40000, "192.0.2.10", 80, FlowKey.SYN, 0);
        byte[] ihl13 = java.util.Arrays.copyOf(good, 34); // IHL 13 but only 20 bytes of header
        ihl13[14] = 0x4D;
        byte[] ihl3 = good.clone();
        ihl3[14] = 0x43;
        byte[] beyond = good.clone();
        Bytes.put16(beyond, 16, 440);
        byte[] below = good.clone();
        Bytes.put16(below, 16, 12);
        for (int n : new int[] {1, 2, 3}) {
            BpfProgram[] w = new BpfProgram[n];
            for (int k = 0; k < n; k++) {
                w[k] = compile(t.filter(n, k));
            }
            for (byte[] f : new byte[][] {ihl13, ihl3, beyond, below, java.util.Arrays.copyOf(good, 36)}) {
                assertTrue(matches(w, f) >= 0, "one of " + n + " workers takes a malformed frame: " + matches(w, f) + " " + java.util.HexFormat.of().formatHex(f, 0, Math.min(f.length, 40)));
            }
        }
    }

    @Test
    void natReverseMapPrefersServicePortsThenSlices() throws Exception {
        InterfaceTable t = new LiveFixture(dir).table;
        int d1 = LiveFixture.v4("10.0.0.3");
        int row = t.natRow(d1, 5353);
        assertEquals(LiveFixture.v4("192.0.2.10"), t.natVip(row));
        assertEquals(53, t.natSourcePort(row));
        row = t.natRow(d1, 10999);
        assertEquals(InterfaceTable.SAME_PORT, t.natSourcePort(row), "its slice 10000-10999 keeps the port");
        assertEquals(-1, t.natRow(d1, 11000), "a1's slice is not d1's");
        assertEquals(-1, t.natRow(d1, 33000), "an ephemeral port is not translated");
        assertEquals(-1, t.natRow(LiveFixture.v4("10.0.0.1"), 80), "a dr node is not translated");
    }
}
