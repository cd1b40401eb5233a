package org.rookery.conntrack.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rookery.api.conntrack.ConnectionTable.MISS;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.rookery.api.conntrack.Connection;
import org.rookery.api.model.FlowKey;

class ConcurrencyTest {

    private static final int THREADS = 4;
    private static final int SHARED = 20_000;
    private static final int OWN = 10_000;

    /**
     * Every thread walks the shared flows in its own order doing what the dispatcher does (look up,
     * insert on a miss with its own node id) and inserts flows of its own; all must agree.
     */
    @Test
    void threadsAgreeOnTheNodeOfEveryFlowAndCountsAddUp() throws Exception {
        ShardedConnectionTable t = new ShardedConnectionTable(TableSettings.of(100_000).withShards(4), 0);
        int[][] seen = new int[THREADS][SHARED];
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int th = 0; th < THREADS; th++) {
                int me = th;
                done.add(pool.submit(() -> {
                    FlowKey key = new FlowKey();
                    int[] order = shuffled(SHARED, new Random(me));
                    start.await();
                    for (int round = 0; round < 3; round++) {
                        for (int n = 0; n < SHARED; n++) {
                            int i = order[n];
                            key.copyFrom(Flows.mixed(i));
                            int node = t.lookup(key, round);
                            if (node == MISS) {
                                node = t.insert(key, me, round);
                            }
                            if (round == 0) {
                                seen[me][i] = node;
                            } else {
                                assertEquals(seen[me][i], node, "flow " + i + " changed node");
                            }
                            FlowKey own = Flows.v4(1_000_000 + me * OWN + (n % OWN));
                            if (t.lookup(own, round) == MISS) {
                                assertEquals(me + 10, t.insert(own.tcpFlags(FlowKey.SYN), me + 10, round));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < SHARED; i++) {
            int node = seen[0][i];
            assertNotEquals(MISS, node);
            for (int th = 1; th < THREADS; th++) {
                assertEquals(node, seen[th][i], "flow " + i + " seen by thread " + th);
            }
            assertEquals(node, t.lookup(Flows.mixed(i), 5));
        }
        assertEquals(SHARED + THREADS * OWN, t.size());
        assertEquals((long) SHARED + THREADS * OWN, t.counters().get("inserts"));
        int shared = 0;
        for (int th = 0; th < THREADS; th++) {
            shared += t.activeConnections(th);
            assertEquals(OWN, t.inactiveConnections(th + 10));
            assertEquals(0, t.inactiveConnections(th));
        }
        assertEquals(SHARED, shared);
    }

    /**
     * Churn on two shards (so threads collide on locks) while another thread sweeps, dumps and removes
     * a node: afterwards the per-node counts, the size and the stored flows must still agree.
     */
    @Test
    void countsStayConsistentUnderChurnSweepsAndDumps() throws Exception {
        ShardedConnectionTable t = new ShardedConnectionTable(TableSettings.of(3000).withShards(2), 0);
        AtomicLong clock = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int th = 0; th < THREADS; th++) {
                int me = th;
                done.add(pool.submit(() -> {
                    FlowKey key = new FlowKey();
                    Random r = new Random(me);
                    for (int op = 0; op < 200_000; op++) {
                        key.copyFrom(Flows.mixed(r.nextInt(5000))).tcpFlags(r.nextBoolean() ? FlowKey.ACK : FlowKey.SYN);
                        long now = clock.accumulateAndGet(op / 1000 * 1_000_000_000L, Math::max);
                        switch (r.nextInt(4)) {
                            case 0 -> t.remove(key);
                            case 1 -> t.lookup(key, now);
                            default -> t.insert(key, r.nextInt(8), now);
                        }
                    }
                    return null;
                }));
            }
            Future<?> sweeper = pool.submit(() -> {
                while (!done.stream().allMatch(Future::isDone)) {
                    long now = clock.get();
                    t.expire(now);
                    t.dump(c -> c.nodeId() == 3, 50, now);
                    t.removeNode(7);
                }
                return null;
            });
            for (Future<?> f : done) {
                f.get();
            }
            sweeper.get();
        } finally {
            pool.shutdownNow();
        }
        int counted = 0;
        for (int n = 0; n < 8; n++) {
            counted += t.activeConnections(n) + t.inactiveConnections(n);
        }
        assertEquals(t.size(), counted);
        long end = clock.get();
        t.expire(end);
        List<Connection> live = t.dump(c -> true, Integer.MAX_VALUE, end);
        assertTrue(live.size() > 100, "the run left flows behind: " + live.size());
        assertEquals(t.size(), live.size(), "every counted flow is stored and reachable");
        for (Connection c : live) {
            assertEquals(c.nodeId(), t.lookup(c.key(), end));
        }
    }

    /**
     * Readers look up established flows (the lock-free path) while a writer inserts and removes other
     * flows in the same two shards, so backward shifts keep moving the readers' slots under them: every
     * lookup must still find its flow on its node, and every flow must stay alive (refreshed).
     */
    @Test
    void establishedLookupsStayExactWhileWritersMoveSlots() throws Exception {
        ShardedConnectionTable t = new ShardedConnectionTable(TableSettings.of(20_000).withShards(2), 0);
        int established = 4000;
        for (int i = 0; i < established; i++) {
            t.insert(Flows.v4(i).tcpFlags(FlowKey.ACK), i % 5, 0);
        }
        assertEquals(established, t.size());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        AtomicLong wrong = new AtomicLong();
        try {
            Future<?> writer = pool.submit(() -> {
                FlowKey key = new FlowKey();
                Random r = new Random(7);
                for (int op = 0; op < 400_000; op++) {
                    key.copyFrom(Flows.v4(100_000 + r.nextInt(8000))).tcpFlags(FlowKey.SYN);
                    if (r.nextBoolean()) {
                        t.insert(key, 9, 1_000_000_000L);
                    } else {
                        t.remove(key);
                    }
                }
                return null;
            });
            List<Future<?>> readers = new ArrayList<>();
            for (int th = 0; th < 2; th++) {
                int me = th;
                readers.add(pool.submit(() -> {
                    FlowKey key = new FlowKey();
                    Random r = new Random(me);
                    while (!writer.isDone()) {
                        int i = r.nextInt(established);
                        key.copyFrom(Flows.v4(i)).tcpFlags(FlowKey.ACK);
                        if (t.lookup(key, 1_000_000_000L) != i % 5) {
                            wrong.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            writer.get();
            for (Future<?> f : readers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, wrong.get(), "lookups that missed their flow or found another node");
        // Every established flow is still there with its node (the writer's flows never displaced them).
        for (int i = 0; i < established; i++) {
            assertEquals(i % 5, t.lookup(Flows.v4(i).tcpFlags(FlowKey.ACK), 1_000_000_000L));
        }
        assertEquals(established, t.activeConnections(0) + t.activeConnections(1) + t.activeConnections(2)
                + t.activeConnections(3) + t.activeConnections(4));
    }

    private static int[] shuffled(int n, Random r) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int x = a[i];
            a[i] = a[j];
            a[j] = x;
        }
        return a;
    }
}
