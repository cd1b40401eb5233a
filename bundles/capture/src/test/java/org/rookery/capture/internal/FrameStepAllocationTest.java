package org.rookery.capture.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import org.junit.jupiter.api.Test;
import org.rookery.api.model.FlowKey;
import org.rookery.packet.Allocations;
import org.rookery.packet.Reason;

/**
 * The per-frame step (parse, decide an established flow, rewrite) allocates nothing, for each
 * forwarding method: measured with the JVM's per-thread allocation counter after warm-up.
 */
class FrameStepAllocationTest {

    private static final int ITERATIONS = 100_000;
    private static final long SLACK = 512;

    private final byte[] out = new byte[2048];
    private final byte[] buf = new byte[2048];
    private long sink;

    private long allocated(byte[] frame, FrameStep step) {
        Runnable body = () -> {
            System.arraycopy(frame, 0, buf, 0, frame.length); // nat rewrites in place: start from the original
            sink += step.parse(buf, 0, frame.length, null);
            sink += step.decide(TestFrames.T0);
            sink += step.forward(out);
        };
        return Allocations.measure(ITERATIONS, body);
    }

    @Test
    void drNatAndTunnelFramesAllocateNothing() {
        LiveCluster live = new LiveCluster();
        DecisionCopy copy = DecisionCopy.of(live.cluster, live.policySource(), null, LiveSettings.DEFAULTS, 1024, TestFrames.T0);
        FrameStep step = new FrameStep(copy.dispatcher(), ForwardingTable.of(copy.cluster().nodes(null), copy.cluster().services()));
        byte[] dr = TestFrames.tcp("203.0.113.1", 40000, "192.0.2.10", 80, FlowKey.ACK, 1400);
        byte[] nat = TestFrames.udp("203.0.113.7", 5000, "192.0.2.10", 53, 500);
        byte[] tun = TestFrames.tcp("203.0.113.8", 50000, "192.0.2.10", 443, FlowKey.ACK, 1400);
        long a = allocated(dr, step);
        long b = allocated(nat, step);
        long c = allocated(tun, step);
        System.out.println("allocation per " + ITERATIONS + " frames: dr " + a + ", nat " + b + ", tun " + c + " bytes");
        assertTrue(a < SLACK && b < SLACK && c < SLACK, a + " / " + b + " / " + c);
        System.arraycopy(nat, 0, buf, 0, nat.length);
        step.parse(buf, 0, nat.length, null);
        assertTrue(step.decide(TestFrames.T0) >= 0);
        assertEquals(nat.length, step.forward(out), "nat rewrites in place");
        assertEquals(Reason.OK, step.view().verifyChecksums());
    }
}
