package org.rookery.api.datapath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

/** Bucket bounds, quantile estimates, merging, and a recorder that allocates nothing per record. */
class LatencyHistogramTest {

    @Test
    void bucketsArePowersOfTwoFrom256Nanoseconds() {
        assertEquals(0, LatencyHistogram.bucket(0));
        assertEquals(0, LatencyHistogram.bucket(255));
        assertEquals(1, LatencyHistogram.bucket(256));
        assertEquals(1, LatencyHistogram.bucket(511));
        assertEquals(2, LatencyHistogram.bucket(512));
        assertEquals(LatencyHistogram.FINITE_BUCKETS - 1, LatencyHistogram.bucket((1L << 30) - 1));
        assertEquals(LatencyHistogram.FINITE_BUCKETS, LatencyHistogram.bucket(1L << 30));
        assertEquals(LatencyHistogram.FINITE_BUCKETS, LatencyHistogram.bucket(Long.MAX_VALUE));
        assertEquals(LatencyHistogram.FINITE_BUCKETS, LatencyHistogram.bucket(-5));
        // every latency lies below its bucket's bound and at or above the previous one
        for (long ns : new long[] {1, 300, 1000, 4096, 12_345, 999_999, 50_000_000}) {
            int k = LatencyHistogram.bucket(ns);
            assertTrue(ns / 1e9 < LatencyHistogram.upperBoundSeconds(k), ns + " ns in bucket " + k);
            assertTrue(k == 0 || ns / 1e9 >= LatencyHistogram.upperBoundSeconds(k - 1), ns + " ns in bucket " + k);
        }
        assertEquals(256e-9, LatencyHistogram.upperBoundSeconds(0), 1e-15);
        assertEquals(Double.POSITIVE_INFINITY, LatencyHistogram.upperBoundSeconds(LatencyHistogram.FINITE_BUCKETS));
    }

    @Test
    void quantilesInterpolateInsideTheirBucket() {
        LatencyRecorder r = new LatencyRecorder(2);
        for (int i = 0; i < 90; i++) {
            r.record(0, 3000); // bucket [2048, 4096) ns
        }
        for (int i = 0; i < 10; i++) {
            r.record(0, 100_000); // bucket [65536, 131072) ns
        }
        r.record(1, 1_000_000);
        LatencyHistogram h = r.snapshot(0);
        assertEquals(100, h.count());
        assertEquals((90 * 3000 + 10 * 100_000) / 1e9, h.sumSeconds(), 1e-12);
        double p50 = h.quantile(0.5);
        assertTrue(p50 >= 2048e-9 && p50 < 4096e-9, "p50 " + p50);
        double p99 = h.quantile(0.99);
        assertTrue(p99 >= 65536e-9 && p99 < 131072e-9, "p99 " + p99);
        assertEquals(1, r.snapshot(1).count(), "slots are apart");
        assertEquals(Double.NaN, LatencyHistogram.EMPTY.quantile(0.5));
        assertEquals(101, h.plus(r.snapshot(1)).count());
        assertEquals(h.sumNanos() + 1_000_000, h.plus(r.snapshot(1)).sumNanos());
        assertTrue(h.toString().startsWith("count=100 p50=") && h.toString().contains("us p99="), h.toString());
        assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram(new long[3], 0));
    }

    @Test
    void recordingAllocatesNothing() {
        LatencyRecorder r = new LatencyRecorder(6);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < 200_000; i++) {
            r.record(i % 6, i * 37L);
        }
        // the least over a few rounds: a round can see a one-off allocation of the JVM's own (a JIT
        // recompilation's deoptimisation, the MX bean's first use), while an allocation per record
        // would show in every round, 200,000 times over
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 200_000; i++) {
                r.record(i % 6, i * 37L);
            }
            least = Math.min(least, mx.getThreadAllocatedBytes(tid) - before);
        }
        assertTrue(least < 512, "recording allocated " + least + " bytes in each of 5 rounds of 200,000");
        long total = 0;
        for (int s = 0; s < 6; s++) {
            total += r.snapshot(s).count();
        }
        assertEquals(1_200_000, total);
    }
}
