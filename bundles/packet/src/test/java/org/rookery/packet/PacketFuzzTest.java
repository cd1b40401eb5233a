package org.rookery.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rookery.api.model.FlowKey;

/**
 * A million mutated frames through parse, checksum verification, and for usable frames the rewrites
 * and encapsulation. Nothing may throw; every frame ends in OK or a named reason; and the rewrites
 * keep their promises on whatever parses: a frame whose checksums held still holds them afterwards.
 *
 * <p>A quarter of the mutants get their checksums filled in by the reference first, so that odd
 * but well-formed frames (options, extension chains, fragments, quotes) test the incremental updates.
 * Frames are placed flush against the end of the work array (or at its start), so a read past
 * {@code off+len} (or before {@code off}) would throw rather than pass unseen. The seed is fixed.
 */
class PacketFuzzTest {

    private static final int FRAMES = 1_000_000;
    private static final long SEED = 0x5EED_2025L;
    private final PacketView v = new PacketView();
    private final FlowKey k = new FlowKey();
    private final Encapsulator enc = new Encapsulator();

    @Test
    void aMillionMutatedFrames() {
        List<FuzzCorpus.Base> corpus = FuzzCorpus.corpus();
        SplittableRandom rnd = new SplittableRandom(SEED);
        byte[] work = new byte[70_000];
        byte[] out = new byte[70_100];
        long[] parsed = new long[Reason.COUNT];
        long[] verified = new long[Reason.COUNT];
        long rewrites = 0;
        long tunnels = 0;
        long keptChecksums = 0;
        long start = System.nanoTime();
        for (int i = 0; i < FRAMES; i++) {
            FuzzCorpus.Base base = corpus.get(rnd.nextInt(corpus.size()));
            int len = FuzzCorpus.mutate(base, work, rnd);
            int off;
            if (rnd.nextBoolean()) {
                off = work.length - len;
                System.arraycopy(work, 0, work, off, len);
            } else {
                off = 0;
            }
            try {
                if (rnd.nextInt(4) == 0 && v.wrap(work, off, len).parse(null) == Reason.OK) {
                    RefVerify.fill(v); // a mutant with right checksums, to hold the rewrites to keeping them right
                }
                int r = v.wrap(work, off, len).parse(k);
                assertTrue(r <= 0 && r > -Reason.COUNT && r != Reason.NOT_PARSED, "unnamed outcome " + r);
                parsed[Reason.index(r)]++;
                int c = v.verifyChecksums();
                verified[Reason.index(c)]++;
                assertTrue(c == r || c == Reason.BAD_CHECKSUM, "verification invented a reason");
                if (r == Reason.OK) {
                    rewrites++;
                    keptChecksums += natRoundTrip(c == Reason.OK) ? 1 : 0;
                }
                if (v.hasL3()) {
                    int n = enc.encapsulateV4(v, out, 0, 1L, 2L, 0x0A010001, 0x0A01000B);
                    assertTrue(n > 0 || n == Reason.TOO_BIG);
                    tunnels += n > 0 ? 1 : 0;
                } else {
                    assertEquals(r, Rewriter.rewriteDestinationV4(v, 1, 1), "a rewrite of an unusable frame refuses");
                }
            } catch (RuntimeException | AssertionError e) {
                fail("frame " + i + " (off " + off + ", len " + len + "): " + java.util.HexFormat.of().formatHex(work, off, off + len), e);
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        long total = 0;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Reason.COUNT; i++) {
            total += parsed[i];
            if (parsed[i] > 0 || verified[i] > 0) {
                sb.append(String.format("%n  %-22s parse %8d   verify %8d", Reason.name(-i), parsed[i], verified[i]));
            }
        }
        System.out.printf("fuzz: %d frames in %d ms (seed %x, corpus %d), %d NAT round trips (%d with checksums kept), %d tunnels%s%n",
                FRAMES, ms, SEED, corpus.size(), rewrites, keptChecksums, tunnels, sb);
        assertEquals(FRAMES, total, "every frame ends in exactly one outcome");
        assertEquals(0, parsed[Reason.index(Reason.NOT_PARSED)]);
        assertTrue(parsed[0] > FRAMES / 10, "enough frames survive mutation to exercise the rewrites");
        for (int reason : new int[] {Reason.TRUNCATED, Reason.BAD_VERSION, Reason.BAD_LENGTH, Reason.BAD_HEADER_LENGTH,
            Reason.FRAGMENT, Reason.UNSUPPORTED_ETHERTYPE, Reason.UNSUPPORTED_PROTOCOL, Reason.BAD_ICMP}) {
            assertTrue(parsed[Reason.index(reason)] > 0, "no frame ended in " + Reason.name(reason));
        }
        assertTrue(verified[Reason.index(Reason.BAD_CHECKSUM)] > 0);
    }

    /** NAT to a node and back; returns true when the checksums held before and still hold after. */
    private boolean natRoundTrip(boolean validBefore) {
        boolean v4 = v.ipVersion() == 4;
        int r1 = v4 ? Rewriter.rewriteDestinationV4(v, 0x0A01000B, 8080) : Rewriter.rewriteDestinationV6(v, 0xFD00000100000000L, 0x11, 8080);
        int r2 = v4 ? Rewriter.rewriteSourceV4(v, 0xC0000264, 80) : Rewriter.rewriteSourceV6(v, 0x20010DB8000F0000L, 0x100, 80);
        assertEquals(Reason.OK, r1);
        assertEquals(Reason.OK, r2);
        assertEquals(Reason.OK, Rewriter.setDestinationMac(v, 0x02AA00000011L));
        assertEquals(Reason.OK, v.parse(k), "a rewrite changed the frame's structure");
        if (!v.isIcmpError() && k.protocol() != 1 && k.protocol() != 58) {
            assertEquals(8080, k.dstPort());
            assertEquals(80, k.srcPort());
        }
        if (validBefore) {
            assertEquals(Reason.OK, v.verifyChecksums(), "an incremental update broke a valid checksum");
            return true;
        }
        return false;
    }

}
