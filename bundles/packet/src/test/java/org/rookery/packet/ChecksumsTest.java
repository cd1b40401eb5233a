package org.rookery.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The checksum arithmetic against the naive reference and the worked example of RFC 1624. */
class ChecksumsTest {

    @Test
    void sumsAgreeWithTheReferenceAtEveryLengthAndAlignment() {
        Random rnd = new Random(1071);
        byte[] b = new byte[300];
        for (int round = 0; round < 200; round++) {
            rnd.nextBytes(b);
            int off = rnd.nextInt(20);
            int len = rnd.nextInt(b.length - off);
            byte[] region = RefChecksum.slice(b, off, off + len);
            assertEquals(RefChecksum.sum(region), Checksums.sum(b, off, len, 0), "len " + len);
            assertEquals(RefChecksum.checksum(region), Checksums.compute(b, off, len));
        }
    }

    @Test
    void allOnesAndAllZeros() {
        assertEquals(0, Checksums.sum(new byte[10], 0, 10, 0));
        assertEquals(0xFFFF, Checksums.compute(new byte[10], 0, 10));
        byte[] ones = new byte[65535];
        java.util.Arrays.fill(ones, (byte) 0xFF);
        assertEquals(RefChecksum.sum(ones), Checksums.sum(ones, 0, ones.length, 0), "no overflow on the longest datagram");
        assertEquals(RefChecksum.sum(new byte[] {(byte) 0xFF, (byte) 0xFE}, ones), Checksums.sum(ones, 0, ones.length, 0xFFFE));
    }

    /** RFC 1624 section 4: HC = 0xDD2F, m = 0x5555 changed to m' = 0x3285 gives HC' = 0x0000, not 0xFFFF. */
    @Test
    void rfc1624WorkedExample() {
        assertEquals(0x0000, Checksums.adjust(0xDD2F, Checksums.delta16(0x5555, 0x3285)));
        byte[] b = {(byte) 0xDD, 0x2F};
        Checksums.update16(b, 0, 0x5555, 0x3285);
        assertEquals(0, Frames.u16(b, 0));
    }

    @Test
    void incrementalUpdatesMatchAFullRecomputation() {
        Random rnd = new Random(1624);
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[2 + 2 * (4 + rnd.nextInt(40))];
            rnd.nextBytes(b);
            Frames.put16(b, 0, 0);
            Frames.put16(b, 0, RefChecksum.checksum(b));
            int at = 2 + 2 * rnd.nextInt((b.length - 6) / 2);
            if (rnd.nextBoolean()) {
                int old = Frames.u16(b, at);
                int neu = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(0x10000);
                Frames.put16(b, at, neu);
                Checksums.update16(b, 0, old, neu);
            } else {
                int old = (Frames.u16(b, at) << 16) | Frames.u16(b, at + 2);
                int neu = rnd.nextInt();
                Frames.put32(b, at, neu);
                Checksums.update32(b, 0, old, neu);
            }
            assertTrue(RefChecksum.valid(b), "round " + round);
            int stored = Frames.u16(b, 0);
            Frames.put16(b, 0, 0);
            assertEquals(RefChecksum.checksum(b), stored, "round " + round);
        }
    }

    @Test
    void pseudoHeadersMatchTheReference() {
        byte[] v4 = RefChecksum.concat(Frames.CLIENT4, Frames.VIP4);
        assertEquals(RefChecksum.sum(RefChecksum.pseudo(Frames.CLIENT4, Frames.VIP4, 6, 1480)),
                Checksums.pseudoHeaderV4(v4, 0, 4, 6, 1480));
        byte[] v6 = RefChecksum.concat(Frames.CLIENT6, Frames.VIP6);
        assertEquals(RefChecksum.sum(RefChecksum.pseudo(Frames.CLIENT6, Frames.VIP6, 58, 1240)),
                Checksums.pseudoHeaderV6(v6, 0, 16, 58, 1240));
        assertTrue(Checksums.verifies(0xFFFF));
        assertTrue(Checksums.verifies(0x1FFFE));
        assertFalse(Checksums.verifies(0xFFFE));
        assertEquals(0, Checksums.finish(0xFFFF));
    }
}
