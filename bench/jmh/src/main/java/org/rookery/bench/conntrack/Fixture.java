package org.rookery.bench.conntrack;

import java.util.Random;

import org.rookery.api.model.FlowKey;
import org.rookery.conntrack.internal.ShardedConnectionTable;
import org.rookery.conntrack.internal.TableSettings;

/** Tables and flows for the benchmarks: a million-flow table, flows kept as int arrays so building a key is free. */
final class Fixture {

    static final int MILLION = 1 << 20;
    static final long NOW = 1_000_000_000L;

    final int[] src;
    final int[] sport;

    /** {@code n} distinct IPv4 TCP flows to 10.0.0.1:80, in random order. */
    Fixture(int n, long seed) {
        src = new int[n];
        sport = new int[n];
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            src[i] = 0x0B000000 + i;
            sport[i] = 1024 + r.nextInt(60_000);
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int s = src[i];
            src[i] = src[j];
            src[j] = s;
        }
    }

    FlowKey key(FlowKey k, int i) {
        return k.setV4(6, src[i], 0x0A000001, sport[i], 80);
    }

    static ShardedConnectionTable table(int capacity) {
        return new ShardedConnectionTable(TableSettings.of(capacity), 0);
    }

    /** Flow number i of an endless sequence (distinct for 2^32 numbers), without any array. */
    static FlowKey sequential(FlowKey k, int i) {
        return k.setV4(6, 0x0B000000 + i, 0x0A000001, 1024 + (i & 0x7FFF), 80);
    }

    /** Inserts sequential flows [from, to) with these flags. */
    static void fillSequential(ShardedConnectionTable t, int from, int to, int flags) {
        FlowKey k = new FlowKey();
        for (int i = from; i < to; i++) {
            t.insert(sequential(k, i).tcpFlags(flags), i & 255, 0);
        }
    }

    /** Inserts flows [from, to) with these flags; returns the table. */
    ShardedConnectionTable fill(ShardedConnectionTable t, int from, int to, int flags) {
        FlowKey k = new FlowKey();
        for (int i = from; i < to; i++) {
            t.insert(key(k, i).tcpFlags(flags), i & 255, 0);
        }
        return t;
    }
}
