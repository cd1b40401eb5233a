package org.rookery.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.FlowKey;

/**
 * The per-packet operations allocate nothing: measured with the JVM's per-thread allocation counter
 * over 100,000 iterations after warm-up. A belief is not proof; this is the cheap proof, a JMH
 * benchmark with the GC profiler is the thorough one.
 */
class AllocationTest {

    private static final int ITERATIONS = 100_000;
    private static final long SLACK = 512; // the counter itself may account a few bytes

    private final PacketView v = new PacketView();
    private final FlowKey k = new FlowKey();
    private final Encapsulator enc = new Encapsulator();
    private final byte[] out = new byte[2048];
    private long sink;

    private final byte[] tcp4 = Frames.eth4(Frames.ipv4(Frames.CLIENT4, Frames.VIP4, 6, new byte[0], 0x4000,
            Frames.tcp(40000, 80, FlowKey.ACK | FlowKey.PSH, 12, new byte[1400])));
    private final byte[] icmp6 = Frames.eth6(Frames.ipv6(Frames.ROUTER6, Frames.VIP6, 58,
            Frames.icmp(2, 0, 1280, Frames.replyV6(6))));

    private long allocated(Runnable body) {
        return Allocations.measure(ITERATIONS, body);
    }

    @Test
    void parsingATcpFrameAllocatesNothing() {
        assertTrue(Allocations.supported());
        long bytes = allocated(() -> {
            sink += v.wrap(tcp4, 0, tcp4.length).parse(k) + k.srcPort();
        });
        System.out.println("allocation: parse of a TCP frame, " + ITERATIONS + " times: " + bytes + " bytes");
        assertTrue(bytes < SLACK, bytes + " bytes allocated");
        assertEquals(Reason.OK, v.reason());
    }

    @Test
    void icmpErrorsVerificationRewritesAndTunnelsAllocateNothing() {
        long parse = allocated(() -> sink += v.wrap(icmp6, 0, icmp6.length).parse(k) + k.dstPort());
        long verify = allocated(() -> sink += v.verifyChecksums());
        v.wrap(tcp4, 0, tcp4.length).parse(k);
        long nat = allocated(() -> {
            sink += Rewriter.rewriteDestinationV4(v, 0x0A01000B, 8080);
            sink += Rewriter.rewriteSourceV4(v, 0xC0000264, 80);
            sink += Rewriter.setDestinationMac(v, 0x02AA00000011L);
        });
        long tunnel = allocated(() -> sink += enc.encapsulateV4(v, out, 0, 1L, 2L, 0x0A010001, 0x0A01000B));
        System.out.println("allocation: icmpv6 error parse " + parse + ", verify " + verify + ", nat " + nat + ", tunnel " + tunnel + " bytes");
        assertTrue(parse < SLACK && verify < SLACK && nat < SLACK && tunnel < SLACK);
        assertEquals(Reason.OK, v.verifyChecksums(), "a thousand-fold NAT leaves the checksums right");
    }
}
