package org.rookery.capture.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rookery.api.datapath.LatencyHistogram;
import org.rookery.api.datapath.NodeTraffic;
import org.rookery.api.model.FlowKey;

/**
 * The live per-frame path allocates nothing in steady state: a tracked dr flow, a NAT request and
 * its reply, a tunnelled frame and an ARP request for the VIP, measured with the JVM's per-thread
 * allocation counter after warm-up, latency histogram and per-node byte counters included (and checked
 * to have counted every frame), each frame shown ahead first as a fetched batch shows it; also prints the time per frame of decide plus rewrite.
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
        public void send(byte[] buf, int len, int tag, Outcomes outcomes) {
            sent++;
            outcomes.sent(tag, len);
        }

        @Override
        public void flush() {
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
        fx.neighbours.learn(LiveFixture.ROUTER_IP, 0x02_00_00_00_77_01L, System.nanoTime());
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
            ByteBuffer fetched = ByteBuffer.allocateDirect(frame.length).put(0, frame);
            for (int i = 0; i < ITERATIONS; i++) {
                step.ahead(fetched, 0, frame.length);
                step.shown();
                System.arraycopy(frame, 0, buf, 0, frame.length);
                step.process(buf, frame.length, frame.length, System.nanoTime(), port);
            }
            long sentBefore = port.sent;
            long before = mx.getThreadAllocatedBytes(tid);
            long t0 = System.nanoTime();
            for (int i = 0; i < ITERATIONS; i++) {
                step.ahead(fetched, 0, frame.length);
                step.shown();
                System.arraycopy(frame, 0, buf, 0, frame.length);
                step.process(buf, frame.length, frame.length, System.nanoTime(), port);
            }
            long ns = System.nanoTime() - t0;
            long bytes = mx.getThreadAllocatedBytes(tid) - before;
            report.append(names[f]).append(": ").append(bytes).append(" bytes, ").append(ns / ITERATIONS).append(" ns/frame; ");
            assertTrue(bytes < SLACK, names[f] + " allocated " + bytes + " bytes over " + ITERATIONS + " frames");
            assertEquals(ITERATIONS, port.sent - sentBefore, names[f] + ": every frame sent");
        }
        // every frame timed under its mode, every forwarded byte counted for its node
        Map<String, LatencyHistogram> latency = fx.counters.latency();
        for (String mode : new String[] {"dr", "nat", "nat-out", "tun", "other"}) {
            assertEquals(2L * ITERATIONS, latency.get(mode).count(), mode + ": " + latency);
            assertTrue(latency.get(mode).sumNanos() > 0, mode);
        }
        assertEquals(0, latency.get("drop").count());
        Map<String, NodeTraffic> traffic = fx.counters.traffic();
        long web = traffic.getOrDefault("web/n1", new NodeTraffic(0, 0)).bytesIn()
                + traffic.getOrDefault("web/n2", new NodeTraffic(0, 0)).bytesIn();
        assertEquals(2L * ITERATIONS * frames[0].length, web, traffic.toString());
        assertEquals(new NodeTraffic(2L * ITERATIONS * frames[1].length, 2L * ITERATIONS * frames[2].length), traffic.get("dns/d1"));
        assertEquals(new NodeTraffic(2L * ITERATIONS * (frames[3].length + 20), 0), traffic.get("tls/t1"), "IP-in-IP adds 20 bytes");
        report.append("latency ").append(latency.get("dr")).append(" (dr); ");
        System.out.println("live step, " + ITERATIONS + " frames each (copy in, parse, decide, rewrite): " + report);
    }

    private static byte[] arpForVip() {
        byte[] ask = new byte[Arp.LENGTH];
        Arp.write(ask, Arp.REQUEST, 0x02_00_00_00_99_01L, LiveFixture.v4("10.0.0.9"), 0, LiveFixture.v4("192.0.2.10"));
        return ask;
    }
}
