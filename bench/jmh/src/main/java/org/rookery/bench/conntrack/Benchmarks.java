package org.rookery.bench.conntrack;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the memory measurement and then the JMH benchmarks of this package briefly (one fork, 3 x 1 s
 * warm-up, 3 x 1 s measurement) with the GC profiler, whose {@code gc.alloc.rate.norm} is bytes
 * allocated per operation. With arguments, hands them to JMH's own command line instead.
 *
 * <p>Transparent huge pages are on because a million-flow table spans some 9,000 4 KB pages: with
 * small pages nearly every lookup also misses the TLB, which costs as much as the cache miss itself
 * (more in a VM). Run the front-end with the same flag.
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    /** Entry point: {@code java -cp bench/jmh/target/benchmarks.jar org.rookery.bench.conntrack.Benchmarks}. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        MemoryFootprint.main(args);
        Options options = new OptionsBuilder()
                .include(Benchmarks.class.getPackageName() + "\\..*Benchmark")
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(3)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Xms2g", "-Xmx2g", "-XX:+UseTransparentHugePages")
                .addProfiler(GCProfiler.class)
                .build();
        new Runner(options).run();
    }
}
