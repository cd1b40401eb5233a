package org.rookery.capture.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rookery.api.model.FlowKey;

/**
 * The live per-frame path allocates nothing in steady state: a tracked dr flow, a NAT request and
 * its reply, a tunnelled frame and an ARP request for the VIP, measured with the JVM's per-thread
 * allocation counter after warm-up; also prints the time per frame of decide plus rewrite.
 */
class LiveStepAllocationTest {

    private static final int ITERATIONS = 200_000;
    private static final long SLACK = 512;

    @TempDir
    Path dir;

    /** Counts what would be sent; keeps nothing. */
    private static final class NullPort implements FramePort {
        long sent;

        @Override
        public int receive(byte[] buf) {
            return TIMEOUT;
        }

        @Override
        public int wireLength() {
            return 0;
        }

        @Override
        public boolean send(byte[] buf, int len) {
            sent++;
            return true;
        }

        @Override
        public void filter(String expression) {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void steadyStateFramesAllocateNothing() throws Exception {
        LiveFixture fx = new LiveFixture(dir);
        LiveStep step = fx.step();
        fx.neighbours.learn(LiveFixture.ROUTER_IP, 0x02_00_00_00_77_01L);
        byte[][] frames = {
            TestFrames.tcp("203.0.113.1", 40000, "192.0.2.10", 80, FlowKey.ACK, 1400),
            TestFrames.udp("203.0.113.7", 5000, "192.0.2.10", 53, 500),
            TestFrames.udp("10.0.0.3", 5353, "203.0.113.7", 5000, 500),
            TestFrames.tcp("203.0.113.8", 50000, "192.0.2.10", 443, FlowKey.ACK, 1400),
            arpForVip(),
        };
        String[] names = {"dr", "nat in", "nat out", "tun", "arp"};
        NullPort port = new NullPort();
        byte[] buf = new byte[9216];
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        StringBuilder report = new StringBuilder();
        for (int f = 0; f < frames.length; f++) {
            byte[] frame = frames[f];
            for (int i = 0; i < ITERATIONS; i++) {
                System.arraycopy(frame, 0, buf, 0, frame.length);
                step.process(buf, frame.length, frame.length, 1_000_000L + i, port);
            }
            long sentBefore = port.sent;
            long before = mx.getThreadAllocatedBytes(tid);
            long t0 = System.nanoTime();
            for (int i = 0; i < ITERATIONS; i++) {
                System.arraycopy(frame, 0, buf, 0, frame.length);
                step.process(buf, frame.length, frame.length, 2_000_000L + i, port);
            }
            long ns = System.nanoTime() - t0;
            long bytes = mx.getThreadAllocatedBytes(tid) - before;
            report.append(names[f]).append(": ").append(bytes).append(" bytes, ").append(ns / ITERATIONS).append(" ns/frame; ");
            assertTrue(bytes < SLACK, names[f] + " allocated " + bytes + " bytes over " + ITERATIONS + " frames");
            assertEquals(ITERATIONS, port.sent - sentBefore, names[f] + ": every frame sent");
        }
        System.out.println("live step, " + ITERATIONS + " frames each (copy in, parse, decide, rewrite): " + report);
    }

    private static byte[] arpForVip() {
        byte[] ask = new byte[Arp.LENGTH];
        Arp.write(ask, Arp.REQUEST, 0x02_00_00_00_99_01L, LiveFixture.v4("10.0.0.9"), 0, LiveFixture.v4("192.0.2.10"));
        return ask;
    }
}
