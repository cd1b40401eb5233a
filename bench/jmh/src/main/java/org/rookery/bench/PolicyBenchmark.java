package org.rookery.bench;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rookery.api.model.FlowKey;
import org.rookery.api.policy.DistributionPolicy;
import org.rookery.api.policy.PoolMembers;
import org.rookery.api.policy.PoolSelector;
import org.rookery.policy.lc.LeastConnectionsPolicy;
import org.rookery.policy.leastload.LeastLoadPolicy;
import org.rookery.policy.maglev.MaglevPolicy;
import org.rookery.policy.p2c.PowerOfTwoChoicesPolicy;
import org.rookery.policy.rr.RoundRobinPolicy;
import org.rookery.policy.sh.SourceHashPolicy;
import org.rookery.policy.wlc.WeightedLeastConnectionsPolicy;
import org.rookery.policy.wrr.WeightedRoundRobinPolicy;

/**
 * The distribution policies on one thread: the time of one select (a new flow's pick) for each
 * policy over pools of 100 and 1,000 members of weights 1-3, and the time to build a Maglev table for
 * 1,000 members (what a membership or state change costs a maglev pool).
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PolicyBenchmark {

    /** A pool and its selector for one policy; flows drawn from 4,096 random 5-tuples. */
    @State(Scope.Thread)
    public static class Pool {

        /** The policy's registered name. */
        @Param({"rr", "wrr", "lc", "wlc", "sh", "maglev", "leastload", "p2c"})
        public String policy;

        /** Members in the pool. */
        @Param({"100", "1000"})
        public int members;

        PoolSelector selector;
        FlowKey[] keys;
        int next;

        /** Builds the pool, the selector and the flows. */
        @Setup(Level.Trial)
        public void setUp() {
            selector = policy(policy).newSelector(BenchMembers.of(members, 1), Map.of());
            SplittableRandom r = new SplittableRandom(2);
            keys = new FlowKey[4096];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = new FlowKey().setV4(6, r.nextInt(), 0xC000020A, 1024 + r.nextInt(64512), 80);
            }
        }
    }

    /** The Maglev build's inputs: 1,000 members and a table size. */
    @State(Scope.Thread)
    public static class MaglevBuild {

        /** Members placed in the table. */
        @Param({"1000"})
        public int members;

        /** The table size: the default, and the paper's larger prime for M > 100 N. */
        @Param({"65537", "655373"})
        public String table;

        PoolMembers pool;
        Map<String, String> options;
        final MaglevPolicy maglev = new MaglevPolicy();

        /** Builds the members and options. */
        @Setup(Level.Trial)
        public void setUp() {
            pool = BenchMembers.of(members, 3);
            options = Map.of(MaglevPolicy.TABLE, table);
        }
    }

    static DistributionPolicy policy(String name) {
        return switch (name) {
            case "rr" -> new RoundRobinPolicy();
            case "wrr" -> new WeightedRoundRobinPolicy();
            case "lc" -> new LeastConnectionsPolicy();
            case "wlc" -> new WeightedLeastConnectionsPolicy();
            case "sh" -> new SourceHashPolicy();
            case "maglev" -> new MaglevPolicy();
            case "leastload" -> new LeastLoadPolicy();
            case "p2c" -> new PowerOfTwoChoicesPolicy();
            default -> throw new IllegalArgumentException("no policy " + name);
        };
    }

    /** One new flow's pick. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int select(Pool p) {
        FlowKey k = p.keys[p.next];
        p.next = (p.next + 1) & 4095;
        return p.selector.select(k);
    }

    /** One Maglev table build over 1,000 members of weights 1-3. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public PoolSelector maglevBuild(MaglevBuild b) {
        return b.maglev.newSelector(b.pool, b.options);
    }
}
