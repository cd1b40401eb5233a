package org.rookery.bench.conntrack;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.rookery.api.model.FlowKey;
import org.rookery.conntrack.internal.ShardedConnectionTable;

/**
 * Established-flow lookups on one thread in a table holding a million flows: {@code hotFlows} is how
 * many of them the lookups cycle over (all of them: every lookup a cache miss; 64 Ki: a hot set that
 * fits in the last-level cache, as real traffic mostly is). {@code lookupEstablished} looks up one flow
 * at a time; {@code lookupEstablishedBatch} a batch of 32 with the batch lookup (warm all, then look
 * each up); {@code lookupEstablishedWarmed} as the capture worker does it: the batch warmed together
 * when libpcap's fetch is shown, then one lookup per frame. Batches count each flow as one operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@org.openjdk.jmh.annotations.Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseTransparentHugePages"})
@org.openjdk.jmh.annotations.Warmup(iterations = 3, time = 1)
@org.openjdk.jmh.annotations.Measurement(iterations = 3, time = 1)
public class LookupBenchmark {

    @Param({"1048576", "65536"})
    int hotFlows;

    private Fixture flows;
    private ShardedConnectionTable table;
    private final FlowKey key = new FlowKey();
    private int next;
    private int mask;

    @Setup(Level.Trial)
    public void setUp() {
        flows = new Fixture(Fixture.MILLION, 1);
        table = flows.fill(Fixture.table(Fixture.MILLION), 0, Fixture.MILLION, FlowKey.ACK);
        mask = hotFlows - 1;
    }

    private static final int BATCH = 32;
    private final FlowKey[] batch = newKeys(BATCH);
    private final int[] nodes = new int[BATCH];

    private static FlowKey[] newKeys(int n) {
        FlowKey[] keys = new FlowKey[n];
        for (int i = 0; i < n; i++) {
            keys[i] = new FlowKey();
        }
        return keys;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int lookupEstablishedBatch() {
        for (int j = 0; j < BATCH; j++) {
            flows.key(batch[j], next++ & mask).tcpFlags(FlowKey.ACK);
        }
        return table.lookup(batch, BATCH, Fixture.NOW, nodes);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int lookupEstablishedWarmed() {
        for (int j = 0; j < BATCH; j++) {
            flows.key(batch[j], next++ & mask).tcpFlags(FlowKey.ACK);
        }
        table.warm(batch, BATCH);
        int found = 0;
        for (int j = 0; j < BATCH; j++) {
            found += table.lookup(batch[j], Fixture.NOW);
        }
        return found;
    }

    @Benchmark
    public int lookupEstablished() {
        int i = next++ & mask;
        return table.lookup(flows.key(key, i).tcpFlags(FlowKey.ACK), Fixture.NOW);
    }
}
