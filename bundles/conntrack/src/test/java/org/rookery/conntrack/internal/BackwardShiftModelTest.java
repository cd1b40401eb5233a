package org.rookery.conntrack.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rookery.api.conntrack.ConnectionTable.MISS;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Random inserts, removals and lookups against a HashMap model: backward-shift deletion must never
 * lose or misplace a flow, including across the wrap-around at the end of the slot array, and IPv6
 * growth must keep every flow.
 */
class BackwardShiftModelTest {

    @ParameterizedTest(name = "capacity {0}, {1} distinct flows, seed {2}")
    @CsvSource({"10, 30, 1", "10, 30, 2", "64, 200, 3", "2000, 3000, 4", "2000, 3000, 5"})
    void tableMatchesAMapUnderRandomChurn(int capacity, int flows, long seed) {
        ShardedConnectionTable t = new ShardedConnectionTable(TableSettings.of(capacity).withShards(1), 0, seed);
        Map<Integer, Integer> model = new HashMap<>();
        Random r = new Random(seed);
        int ops = 200_000;
        for (int op = 0; op < ops; op++) {
            int flow = r.nextInt(flows);
            int kind = r.nextInt(3);
            if (kind == 0 && model.size() < capacity) {
                int node = r.nextInt(1000);
                Integer old = model.putIfAbsent(flow, node);
                assertEquals(old == null ? node : old, t.insert(Flows.mixed(flow), node, 0), "insert at op " + op);
            } else if (kind == 1) {
                assertEquals(model.remove(flow) != null, t.remove(Flows.mixed(flow)), "remove at op " + op);
            } else {
                assertEquals(model.getOrDefault(flow, MISS), t.lookup(Flows.mixed(flow), 0), "lookup at op " + op);
            }
            if (op % 10_000 == 0) {
                verify(t, model, flows);
            }
        }
        verify(t, model, flows);
        assertEquals(0L, t.counters().get("evictions"));
    }

    private static void verify(ShardedConnectionTable t, Map<Integer, Integer> model, int flows) {
        assertEquals(model.size(), t.size());
        for (int f = 0; f < flows; f++) {
            assertEquals(model.getOrDefault(f, MISS), t.lookup(Flows.mixed(f), 0), "flow " + f);
        }
        assertEquals(model.size(), t.dump(c -> true, Integer.MAX_VALUE, 0).size());
    }
}
