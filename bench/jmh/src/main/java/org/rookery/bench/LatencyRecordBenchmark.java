package org.rookery.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rookery.api.datapath.LatencyRecorder;

/**
 * What timing a frame adds to the packet datapath: the second clock read (the first, at arrival, was
 * there already) alone, and with the record into the worker's histogram.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LatencyRecordBenchmark {

    private final LatencyRecorder recorder = new LatencyRecorder(6);
    private long arrived = System.nanoTime();
    private int slot;

    /** The clock read alone. */
    @Benchmark
    public long clockOnly() {
        long now = System.nanoTime();
        long d = now - arrived;
        arrived = now;
        return d;
    }

    /** The clock read and the record, as LiveStep does per frame. */
    @Benchmark
    public void clockAndRecord() {
        long now = System.nanoTime();
        recorder.record(slot = (slot + 1) & 3, now - arrived);
        arrived = now;
    }
}
