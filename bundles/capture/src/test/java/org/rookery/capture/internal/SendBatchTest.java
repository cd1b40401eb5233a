package org.rookery.capture.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.rookery.packet.Bytes;

/**
 * Batched sending ({@link SendBatch} behind {@link PcapPort}) on a real veth pair (root only): every
 * frame of several batches arrives, byte for byte and in order; a frame the kernel refuses in the
 * middle of a batch is told as refused and the frames after it still go; a queued frame goes out
 * before the port waits for input, and before it fetches more frames when input never stops; sending
 * allocates nothing.
 */
class SendBatchTest {

    private static final int SNAP = 2048;
    private static final int BATCH = 32;

    /** A UDP frame to {@code mac} whose source port numbers it. */
    private static byte[] numbered(int i, long mac) {
        byte[] f = TestFrames.udp("10.254.91.1", 10_000 + i, "10.254.91.2", 9, 64);
        Bytes.put48(f, 0, mac);
        return f;
    }

    /** The frames {@code p} reads until it finds none for a read timeout. */
    private static List<byte[]> drain(FramePort p) {
        List<byte[]> got = new ArrayList<>();
        byte[] buf = new byte[SNAP];
        for (int n; (n = p.receive(buf)) > 0; ) {
            got.add(Arrays.copyOf(buf, n));
        }
        return got;
    }

    @Test
    void everyFrameOfSeveralBatchesArrivesInOrderAndTheLastGoesOutBeforeTheSenderWaits() throws Exception {
        try (VethPair pair = VethPair.create();
             PcapPort a = PcapPort.open(VethPair.A, SNAP, 1 << 20, "udp", BATCH, false);
             PcapPort b = PcapPort.open(VethPair.B, SNAP, 1 << 20, "udp")) {
            long bMac = Host.system().mac(VethPair.B);
            int n = 300; // not a whole number of batches; within b's 1 MiB ring
            SendTally tally = new SendTally();
            for (int i = 0; i < n; i++) {
                a.send(numbered(i, bMac), numbered(i, bMac).length, i, tally);
            }
            assertEquals(n / BATCH * BATCH, tally.sent.size(), "full batches went out as they filled");
            assertEquals(FramePort.TIMEOUT, a.receive(new byte[SNAP]), "nothing for a to read");
            List<Integer> all = IntStream.range(0, n).boxed().toList();
            assertEquals(all, tally.sent, "the rest went out before a waited; each told once, in order");
            assertEquals(List.of(), tally.refused);
            List<byte[]> got = drain(b);
            assertEquals(n, got.size(), "every frame arrived");
            for (int i = 0; i < n; i++) {
                assertArrayEquals(numbered(i, bMac), got.get(i), "frame " + i + " whole and in its place");
            }
        }
    }

    @Test
    void aRefusedFrameIsToldAndTheFramesAfterItStillGo() throws Exception {
        try (VethPair pair = VethPair.create();
             PcapPort a = PcapPort.open(VethPair.A, SNAP, 1 << 20, "udp", BATCH, false);
             PcapPort b = PcapPort.open(VethPair.B, SNAP, 1 << 20, "udp")) {
            long bMac = Host.system().mac(VethPair.B);
            byte[] tooLong = TestFrames.udp("10.254.91.1", 9999, "10.254.91.2", 9, 1600); // MTU 1500
            Bytes.put48(tooLong, 0, bMac);
            SendTally tally = new SendTally();
            a.send(numbered(1, bMac), numbered(1, bMac).length, 1, tally);
            a.send(tooLong, tooLong.length, 2, tally);
            a.send(numbered(3, bMac), numbered(3, bMac).length, 3, tally);
            a.flush();
            assertEquals(List.of(1, 3), tally.sent);
            assertEquals(List.of(2), tally.refused, "the kernel refused the frame longer than the MTU");
            List<byte[]> got = drain(b);
            assertEquals(2, got.size());
            assertArrayEquals(numbered(1, bMac), got.get(0));
            assertArrayEquals(numbered(3, bMac), got.get(1));
        }
    }

    @Test
    void aQueuedFrameGoesOutBeforeThePortFetchesMoreFrames() throws Exception {
        try (VethPair pair = VethPair.create();
             PcapPort a = PcapPort.open(VethPair.A, SNAP, 1 << 20, "udp", BATCH, false);
             PcapPort b = PcapPort.open(VethPair.B, SNAP, 1 << 20, "udp")) {
            long aMac = Host.system().mac(VethPair.A);
            long bMac = Host.system().mac(VethPair.B);
            SendTally fromB = new SendTally();
            for (int i = 0; i < 3 * BATCH; i++) { // a steady stream for a to read, more than one fetch holds
                b.send(numbered(i, aMac), numbered(i, aMac).length, i, fromB);
            }
            b.flush();
            assertEquals(3 * BATCH, fromB.sent.size());
            byte[] buf = new byte[SNAP];
            int before = 10;
            for (int i = 0; i < before; i++) { // the first fetch holds up to BATCH frames
                assertTrue(a.receive(buf) > 0, "frame " + i + " was there to read");
            }
            SendTally tally = new SendTally();
            byte[] queued = numbered(7, bMac); // as if made from the tenth frame
            a.send(queued, queued.length, 7, tally);
            int readWhileQueued = 0;
            while (tally.sent.isEmpty() && readWhileQueued < 3 * BATCH) {
                assertTrue(a.receive(buf) > 0, "frames were there to read");
                readWhileQueued++;
            }
            assertEquals(List.of(7), tally.sent, "out while frames were still coming");
            // the rest of the first fetch is read with the frame queued; the next fetch sends it first
            assertTrue(readWhileQueued <= BATCH - before + 1, "went out at the next fetch, not after "
                    + readWhileQueued + " frames read");
            byte[] got = null;
            for (int i = 0; i < 20 && got == null; i++) {
                int n = b.receive(buf);
                got = n > 0 ? Arrays.copyOf(buf, n) : null;
            }
            assertNotNull(got, "the queued frame reached b");
            assertArrayEquals(queued, got);
        }
    }

    @Test
    void sendingAllocatesNothing() throws Exception {
        try (VethPair pair = VethPair.create();
             PcapPort a = PcapPort.open(VethPair.A, SNAP, 1 << 20, "udp", BATCH, false)) {
            byte[] frame = numbered(1, Host.system().mac(VethPair.B));
            OutcomeCounts outcomes = new OutcomeCounts();
            int n = 20 * BATCH;
            for (int i = 0; i < n; i++) { // warm up the JNA call path
                a.send(frame, frame.length, 0, outcomes);
            }
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long tid = Thread.currentThread().getId();
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < n; i++) {
                a.send(frame, frame.length, 0, outcomes);
            }
            a.flush();
            long bytes = mx.getThreadAllocatedBytes(tid) - before;
            System.out.println("batched send: " + n + " frames, " + bytes + " bytes allocated");
            assertEquals(2L * n, outcomes.sent + outcomes.refused, "every frame's outcome told");
            assertTrue(bytes < 1024, bytes + " bytes allocated sending " + n + " frames");
        }
    }
}
