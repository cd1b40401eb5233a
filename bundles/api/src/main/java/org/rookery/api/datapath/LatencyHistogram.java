package org.rookery.api.datapath;

import java.util.Arrays;

/**
 * A snapshot of latencies in fixed log-scale buckets: bucket {@code k} counts latencies below
 * {@code 2^(8+k)} ns (and at least the previous bound), from 256 ns up to about 1.07 s, and the last
 * bucket counts everything longer. Powers of two keep recording to one bit count (see
 * {@link LatencyRecorder}); a quantile is estimated, as Prometheus' {@code histogram_quantile} does, by
 * linear interpolation inside its bucket, so it is exact to within that bucket (a factor of two).
 */
public final class LatencyHistogram {

    /** Bucket 0 ends at {@code 2^MIN_SHIFT} ns. */
    public static final int MIN_SHIFT = 8;
    /** Number of buckets with a finite upper bound. */
    public static final int FINITE_BUCKETS = 23;
    /** Number of buckets, the last one without upper bound. */
    public static final int BUCKETS = FINITE_BUCKETS + 1;
    /** An empty histogram. */
    public static final LatencyHistogram EMPTY = new LatencyHistogram(new long[BUCKETS], 0);

    private final long[] counts;
    private final long sumNanos;
    private final long count;

    /**
     * A histogram of {@code counts} per bucket (not cumulative, {@link #BUCKETS} long) and the sum of
     * the recorded latencies in nanoseconds.
     */
    public LatencyHistogram(long[] counts, long sumNanos) {
        if (counts.length != BUCKETS) {
            throw new IllegalArgumentException("a latency histogram has " + BUCKETS + " buckets, not " + counts.length);
        }
        this.counts = counts.clone();
        this.sumNanos = sumNanos;
        long c = 0;
        for (long v : counts) {
            c += v;
        }
        this.count = c;
    }

    /** The bucket of a latency: the bit length of the nanoseconds above {@link #MIN_SHIFT}, clamped. */
    public static int bucket(long nanos) {
        int k = 64 - Long.numberOfLeadingZeros(nanos) - MIN_SHIFT;
        if (k < 0) {
            return 0;
        }
        return Math.min(k, FINITE_BUCKETS); // a negative value (bit length 64) lands in the last bucket too
    }

    /** The upper bound of a finite bucket in seconds ({@code 2^(8+k)} ns); infinity for the last. */
    public static double upperBoundSeconds(int bucket) {
        return bucket >= FINITE_BUCKETS ? Double.POSITIVE_INFINITY : (1L << (MIN_SHIFT + bucket)) / 1e9;
    }

    /** The count of one bucket (not cumulative). */
    public long bucketCount(int bucket) {
        return counts[bucket];
    }

    /** The counts per bucket (not cumulative), a copy. */
    public long[] counts() {
        return counts.clone();
    }

    /** The number of latencies recorded. */
    public long count() {
        return count;
    }

    /** The sum of the recorded latencies in seconds. */
    public double sumSeconds() {
        return sumNanos / 1e9;
    }

    /** The sum of the recorded latencies in nanoseconds. */
    public long sumNanos() {
        return sumNanos;
    }

    /** This histogram and another one added up. */
    public LatencyHistogram plus(LatencyHistogram other) {
        long[] c = counts.clone();
        for (int i = 0; i < BUCKETS; i++) {
            c[i] += other.counts[i];
        }
        return new LatencyHistogram(c, sumNanos + other.sumNanos);
    }

    /**
     * The estimated {@code q}-quantile (0..1) in seconds, interpolated inside its bucket; NaN when
     * empty; the last finite bound when it falls in the unbounded bucket.
     */
    public double quantile(double q) {
        if (count == 0 || Double.isNaN(q)) {
            return Double.NaN;
        }
        double rank = Math.max(0, Math.min(1, q)) * count;
        long below = 0;
        for (int k = 0; k < BUCKETS; k++) {
            long c = counts[k];
            if (c > 0 && below + c >= rank) {
                if (k == FINITE_BUCKETS) {
                    return upperBoundSeconds(FINITE_BUCKETS - 1);
                }
                double lower = k == 0 ? 0 : upperBoundSeconds(k - 1);
                double upper = upperBoundSeconds(k);
                return lower + (upper - lower) * (rank - below) / c;
            }
            below += c;
        }
        return upperBoundSeconds(FINITE_BUCKETS - 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyHistogram h && h.sumNanos == sumNanos && Arrays.equals(h.counts, counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts) * 31 + Long.hashCode(sumNanos);
    }

    /** {@code count=N p50=1.2us p99=8.4us}, for logs and the shell. */
    @Override
    public String toString() {
        return count == 0 ? "count=0" : "count=" + count + " p50=" + duration(quantile(0.5)) + " p99=" + duration(quantile(0.99));
    }

    /** A duration in seconds as {@code 850ns}, {@code 12.3us}, {@code 4.56ms} or {@code 1.20s}. */
    public static String duration(double seconds) {
        if (Double.isNaN(seconds)) {
            return "-";
        }
        double ns = seconds * 1e9;
        if (ns < 1000) {
            return String.format(java.util.Locale.ROOT, "%.0fns", ns);
        }
        if (ns < 1e6) {
            return String.format(java.util.Locale.ROOT, "%.1fus", ns / 1e3);
        }
        if (ns < 1e9) {
            return String.format(java.util.Locale.ROOT, "%.2fms", ns / 1e6);
        }
        return String.format(java.util.Locale.ROOT, "%.2fs", seconds);
    }
}
