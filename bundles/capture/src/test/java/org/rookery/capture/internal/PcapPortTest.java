package org.rookery.capture.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.VirtualService;
import org.rookery.packet.Bytes;

/**
 * Real libpcap on a veth pair (root only): the port's filter, direction and frame bytes (a frame cut
 * by the snap length keeps its wire length), that its receive path allocates nothing, and the whole
 * datapath forwarding a SYN by direct routing and answering ARP for the VIP on the wire.
 */
class PcapPortTest {

    private static final int SNAP = 2048;

    /** The next frame on {@code p} within a few seconds, or null. */
    private static byte[] next(FramePort p, byte[] buf) {
        for (int i = 0; i < 50; i++) {
            int n = p.receive(buf);
            if (n > 0) {
                return Arrays.copyOf(buf, n);
            }
        }
        return null;
    }

    private static byte[] toMac(byte[] frame, long mac) {
        byte[] f = frame.clone();
        Bytes.put48(f, 0, mac);
        return f;
    }

    @Test
    void filteredIncomingFramesArriveWholeAndReceivingAllocatesNothing() throws Exception {
        try (VethPair pair = VethPair.create();
             PcapPort a = PcapPort.open(VethPair.A, SNAP, 1 << 20, "ip and dst host 192.0.2.10");
             PcapPort b = PcapPort.open(VethPair.B, SNAP, 1 << 20, "ip")) {
            long aMac = Host.system().mac(VethPair.A);
            byte[] syn = toMac(TestFrames.tcp("203.0.113.1", 40000, "192.0.2.10", 80, FlowKey.SYN, 0), aMac);
            byte[] other = toMac(TestFrames.tcp("203.0.113.1", 40000, "192.0.2.99", 80, FlowKey.SYN, 0), aMac);
            assertTrue(SendTally.sendNow(b, other));
            assertTrue(SendTally.sendNow(b, syn));
            byte[] buf = new byte[SNAP];
            assertArrayEquals(syn, next(a, buf), "only the VIP's frame passes the filter, byte for byte");
            byte[] back = TestFrames.udp("192.0.2.10", 53, "203.0.113.1", 5000, 10);
            assertTrue(SendTally.sendNow(a, back));
            assertArrayEquals(back, next(b, buf), "sent whole");
            assertEquals(FramePort.TIMEOUT, a.receive(buf), "its own sent frame is not read back");

            int n = 300; // within the ring of a 1 MiB buffer, so none is lost before the reading starts
            SendTally tally = new SendTally();
            for (int i = 0; i < n; i++) {
                b.send(syn, syn.length, i, tally);
            }
            b.flush();
            assertEquals(n, tally.sent.size(), "the interface took every frame");
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long tid = Thread.currentThread().getId();
            for (int i = 0; i < 100; i++) { // warm up the JNA call path
                a.receive(buf);
            }
            long before = mx.getThreadAllocatedBytes(tid);
            int got = 0;
            for (int i = 0; i < n && a.receive(buf) > 0; i++) {
                got++;
            }
            long bytes = mx.getThreadAllocatedBytes(tid) - before;
            System.out.println("libpcap receive: " + got + " frames, " + bytes + " bytes allocated");
            assertEquals(n - 100, got, "every frame arrived");
            assertTrue(bytes < 1024, bytes + " bytes allocated receiving " + got + " frames");
        }
    }

    @Test
    void aFetchedBatchIsShownAheadInOrderBeforeItsFramesAreReceived() throws Exception {
        try (VethPair pair = VethPair.create();
             PcapPort a = PcapPort.open(VethPair.A, SNAP, 1 << 20, "udp");
             PcapPort b = PcapPort.open(VethPair.B, SNAP, 1 << 20, "ip")) {
            long aMac = Host.system().mac(VethPair.A);
            List<byte[]> shown = new ArrayList<>();
            int[] batches = new int[1];
            a.ahead(new FramePort.Ahead() {
                @Override
                public void ahead(java.nio.ByteBuffer frames, int at, int len) {
                    byte[] f = new byte[len];
                    frames.get(at, f);
                    shown.add(f);
                }

                @Override
                public void shown() {
                    batches[0]++;
                }
            });
            List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                byte[] f = toMac(TestFrames.udp("203.0.113.1", 40000 + i, "192.0.2.10", 53, 10 + i), aMac);
                sent.add(f);
                assertTrue(SendTally.sendNow(b, f));
            }
            Thread.sleep(200); // all five wait in the ring, so one fetch takes them together
            byte[] buf = new byte[SNAP];
            assertArrayEquals(sent.get(0), next(a, buf));
            assertEquals(5, shown.size(), "the whole batch was shown when it was fetched");
            assertEquals(1, batches[0], "and said to be shown, once");
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(sent.get(i), shown.get(i), "frame " + i + " shown as it arrived");
            }
            for (int i = 1; i < 5; i++) {
                assertArrayEquals(sent.get(i), next(a, buf), "frame " + i + " still received after being shown");
            }
        }
    }

    @Test
    void aFrameLongerThanTheSnapLengthArrivesCutWithItsWireLength() throws Exception {
        try (VethPair pair = VethPair.create();
             PcapPort a = PcapPort.open(VethPair.A, 128, 1 << 20, "udp");
             PcapPort b = PcapPort.open(VethPair.B, SNAP, 1 << 20, "udp")) {
            long aMac = Host.system().mac(VethPair.A);
            byte[] big = toMac(TestFrames.udp("203.0.113.1", 5000, "192.0.2.10", 53, 1000), aMac);
            byte[] small = toMac(TestFrames.udp("203.0.113.1", 5001, "192.0.2.10", 53, 10), aMac);
            assertTrue(SendTally.sendNow(b, big));
            assertTrue(SendTally.sendNow(b, small));
            byte[] buf = new byte[SNAP];
            assertArrayEquals(Arrays.copyOf(big, 128), next(a, buf), "cut to the snap length");
            assertEquals(big.length, a.wireLength());
            assertArrayEquals(small, next(a, buf), "the next frame starts where it should");
            assertEquals(small.length, a.wireLength());
        }
    }

    @Test
    void aBusyPollingPortAsksAgainInsteadOfSleepingAndStillReceivesAndTimesOut() throws Exception {
        try (VethPair pair = VethPair.create();
             PcapPort sleeping = PcapPort.open(VethPair.A, SNAP, 1 << 20, "udp", PcapPort.DEFAULT_BATCH, false, 0);
             PcapPort polling = PcapPort.open(VethPair.A, SNAP, 1 << 20, "udp", PcapPort.DEFAULT_BATCH, false, 2_000);
             PcapPort b = PcapPort.open(VethPair.B, SNAP, 1 << 20, "udp")) {
            byte[] buf = new byte[SNAP];
            assertEquals(FramePort.TIMEOUT, sleeping.receive(buf));
            assertEquals(2, sleeping.fetches(), "asked once, slept in poll, asked once more");
            assertEquals(FramePort.TIMEOUT, polling.receive(buf), "no frame: the poll still ends");
            assertTrue(polling.fetches() > 2, "asked again while polling: " + polling.fetches());
            byte[] frame = toMac(TestFrames.udp("10.254.91.2", 5000, "10.254.91.1", 9, 64), Host.system().mac(VethPair.A));
            assertTrue(SendTally.sendNow(b, frame));
            assertArrayEquals(frame, next(polling, buf), "a frame is received as before");
            assertArrayEquals(frame, next(sleeping, buf));
        }
    }

    @Test
    void aBusyPollingPortRestsWhenItsSpinsFindNothingAndSpinsAgainWhenFramesComeCloser() throws Exception {
        try (VethPair pair = VethPair.create();
             PcapPort polling = PcapPort.open(VethPair.A, SNAP, 1 << 20, "udp", PcapPort.DEFAULT_BATCH, false, 10_000);
             PcapPort b = PcapPort.open(VethPair.B, SNAP, 1 << 20, "udp")) {
            byte[] buf = new byte[SNAP];
            for (int i = 0; i < PcapPort.IDLE_SPINS_BEFORE_REST; i++) {
                long before = polling.fetches();
                assertEquals(FramePort.TIMEOUT, polling.receive(buf));
                assertTrue(polling.fetches() - before > 2, "idle spin " + (i + 1) + " still spins");
            }
            long before = polling.fetches();
            assertEquals(FramePort.TIMEOUT, polling.receive(buf));
            assertEquals(2, polling.fetches() - before, "resting: asked once, slept, asked once more");
            // a frame about every millisecond, ten times closer than the 10 ms the port would spin
            byte[] frame = toMac(TestFrames.udp("10.254.91.2", 5000, "10.254.91.1", 9, 64), Host.system().mac(VethPair.A));
            java.util.concurrent.atomic.AtomicBoolean sending = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread sender = new Thread(() -> {
                SendTally tally = new SendTally();
                for (int i = 0; i < 3000 && sending.get(); i++) {
                    b.send(frame, frame.length, i, tally);
                    b.flush();
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sender.start();
            boolean spunAgain = false;
            try {
                for (int i = 0; i < 200 && !spunAgain; i++) {
                    before = polling.fetches();
                    polling.receive(buf);
                    spunAgain = polling.fetches() - before > 2;
                }
            } finally {
                sending.set(false);
                sender.join();
            }
            assertTrue(spunAgain, "a sleep ended sooner than a spin would have: spinning again");
        }
    }

    @Test
    void theDatapathForwardsByDirectRoutingAndAnswersArpOnTheWire() throws Exception {
        try (VethPair pair = VethPair.create()) {
            LiveCluster live = new LiveCluster(false);
            live.cluster.addPool("web", "wrr", Map.of());
            live.cluster.addNode(new Node("web", "n1", IpAddress.parse("10.254.91.2"), 0, "02:aa:00:00:00:01", 1, NodeState.UP, -1));
            live.cluster.addService(new VirtualService("web", IpAddress.parse("192.0.2.10"), Protocol.TCP, PortRange.of(80), "web",
                    ForwardingMethod.DR, VethPair.A));
            DecisionCopy core = DecisionCopy.of(live.cluster, live.policySource(), null, LiveSettings.DEFAULTS, 1024, 0);
            CaptureDatapath d = new CaptureDatapath(core.dispatcher(), null, Host.system(), 1, SNAP, 1 << 20, 64, null,
                    new KernelGuard());
            try (PcapPort b = PcapPort.open(VethPair.B, SNAP, 1 << 20, "arp or ip")) {
                d.apply(core.cluster().services(), core.cluster().nodes(null), core.cluster().portSpace());
                assertEquals(Map.of(), d.problems());
                assertNotNull(d.capture(VethPair.A));
                long aMac = Host.system().mac(VethPair.A);
                long bMac = Host.system().mac(VethPair.B);
                byte[] buf = new byte[SNAP];
                byte[] f;
                do { // the gratuitous ARP of the start comes first
                    f = next(b, buf);
                    assertNotNull(f, "the datapath announced the VIP");
                } while (!Arp.is(f, f.length));
                assertEquals(IpAddress.parse("192.0.2.10").lo(), Arp.senderIp(f) & 0xFFFFFFFFL);
                byte[] ask = new byte[Arp.LENGTH];
                Arp.write(ask, Arp.REQUEST, bMac, (int) IpAddress.parse("10.254.91.2").lo(), 0, (int) IpAddress.parse("192.0.2.10").lo());
                assertTrue(SendTally.sendNow(b, ask));
                byte[] reply = null;
                for (int i = 0; i < 5 && (reply == null || Arp.operation(reply) != Arp.REPLY); i++) {
                    reply = next(b, buf);
                }
                assertNotNull(reply);
                assertEquals(Arp.REPLY, Arp.operation(reply));
                assertEquals(aMac, Arp.senderMac(reply), "the VIP is at the front-end's MAC");
                byte[] syn = toMac(TestFrames.tcp("203.0.113.1", 40000, "192.0.2.10", 80, FlowKey.SYN, 0), aMac);
                assertTrue(SendTally.sendNow(b, syn));
                byte[] out = null;
                for (int i = 0; i < 5 && (out == null || Arp.is(out, out.length)); i++) {
                    out = next(b, buf);
                }
                assertNotNull(out, "the SYN came back out, towards the node");
                assertEquals(0x02_aa_00_00_00_01L, Bytes.u48(out, 0), "to n1's MAC");
                assertEquals(aMac, Bytes.u48(out, 6), "from the front-end's MAC");
                assertArrayEquals(Arrays.copyOfRange(syn, 12, syn.length), Arrays.copyOfRange(out, 12, out.length));
                for (int i = 0; i < 100 && !d.status().contains("forwarded=1"); i++) {
                    Thread.sleep(20); // the worker counts after sending: the frame may be here first
                }
                assertTrue(d.status().contains("forwarded=1"), d.status());
            } finally {
                d.stop();
            }
            assertTrue(VethPair.run(false, "nft", "list", "tables").lines().noneMatch(l -> l.contains("rookery-" + VethPair.A)),
                    "the guard went with the capture");
        }
    }
}
