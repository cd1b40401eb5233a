package org.rookery.bench.conntrack;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.rookery.api.model.FlowKey;
import org.rookery.conntrack.internal.ShardedConnectionTable;

/**
 * New flows on one thread. {@code churn}: a table of half a million flows where each operation inserts
 * a new flow and removes the oldest (one insert plus one remove). {@code synFlood}: a full million-flow
 * table (90 % established, 10 % half-open) taking new SYNs, each one evicting a half-open flow.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@org.openjdk.jmh.annotations.Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseTransparentHugePages"})
@org.openjdk.jmh.annotations.Warmup(iterations = 3, time = 1)
@org.openjdk.jmh.annotations.Measurement(iterations = 3, time = 1)
public class InsertBenchmark {

    private static final int LIVE = 1 << 19;

    private ShardedConnectionTable churnTable;
    private ShardedConnectionTable floodTable;
    private final FlowKey key = new FlowKey();
    private int churnNext;
    private int floodNext;

    @Setup(Level.Trial)
    public void setUp() {
        churnTable = Fixture.table(Fixture.MILLION);
        Fixture.fillSequential(churnTable, 0, LIVE, FlowKey.SYN);
        churnNext = LIVE;
        floodTable = Fixture.table(Fixture.MILLION);
        Fixture.fillSequential(floodTable, 0, Fixture.MILLION * 9 / 10, FlowKey.ACK);
        Fixture.fillSequential(floodTable, Fixture.MILLION * 9 / 10, Fixture.MILLION, FlowKey.SYN);
        floodNext = Fixture.MILLION;
    }

    @Benchmark
    public int churn() {
        int i = churnNext++;
        int node = churnTable.insert(Fixture.sequential(key, i).tcpFlags(FlowKey.SYN), i & 255, Fixture.NOW);
        churnTable.remove(Fixture.sequential(key, i - LIVE));
        return node;
    }

    @Benchmark
    public int synFlood() {
        int i = floodNext++;
        return floodTable.insert(Fixture.sequential(key, i).tcpFlags(FlowKey.SYN), i & 255, Fixture.NOW);
    }
}
