package org.rookery.conntrack.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rookery.api.conntrack.ConnectionTable.MISS;
import static org.rookery.conntrack.internal.Flows.ACK;
import static org.rookery.conntrack.internal.Flows.FIN;
import static org.rookery.conntrack.internal.Flows.SYN;
import static org.rookery.conntrack.internal.Flows.mixed;
import static org.rookery.conntrack.internal.Flows.sec;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rookery.api.conntrack.ConnState;
import org.rookery.api.model.FlowKey;

/** A batch lookup answers as one lookup per flow would; warming changes nothing. */
class BatchLookupTest {

    private static final int FLOWS = 3_000;

    /** Two tables with the same flows and seed: one looked up a flow at a time, one in batches. */
    @Test
    void batchAnswersAsSingleLookups() {
        ShardedConnectionTable single = filled();
        ShardedConnectionTable batched = filled();
        int batch = 32;
        FlowKey[] keys = new FlowKey[batch];
        int[] nodes = new int[batch];
        int[] expected = new int[batch];
        // every other flow was inserted; FIN on some so states change inside a batch
        for (int from = 0; from < 2 * FLOWS; from += batch) {
            int n = Math.min(batch, 2 * FLOWS - from);
            int expectedFound = 0;
            for (int i = 0; i < n; i++) {
                int flow = from + i;
                keys[i] = mixed(flow).tcpFlags(flow % 7 == 0 ? FIN : ACK);
                expected[i] = single.lookup(mixed(flow).tcpFlags(flow % 7 == 0 ? FIN : ACK), sec(1));
                if (expected[i] != MISS) {
                    expectedFound++;
                }
            }
            java.util.Arrays.fill(nodes, Integer.MIN_VALUE);
            int found = batched.lookup(keys, n, sec(1), nodes);
            assertEquals(expectedFound, found, "hits in the batch from " + from);
            assertArrayEquals(java.util.Arrays.copyOf(expected, n), java.util.Arrays.copyOf(nodes, n), "batch from " + from);
            assertEquals(Integer.MIN_VALUE, n < batch ? nodes[n] : Integer.MIN_VALUE, "nothing written past count");
        }
        assertEquals(single.counters(), batched.counters());
        assertEquals(ConnState.FIN_WAIT, Flows.state(batched, mixed(14), sec(1)));
        assertEquals(ConnState.ESTABLISHED, Flows.state(batched, mixed(2), sec(1)));
    }

    @Test
    void warmingChangesNothing() {
        ShardedConnectionTable t = filled();
        Map<String, Long> before = t.counters();
        String dumpBefore = t.dump(c -> true, FLOWS, sec(1)).toString();
        for (int flow = 0; flow < 2 * FLOWS; flow++) {
            t.warm(mixed(flow).tcpFlags(FIN));
        }
        FlowKey[] batch = new FlowKey[40];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = mixed(i).tcpFlags(FIN);
        }
        batch[7] = new FlowKey();
        t.warm(batch, 33); // the batch form too, an empty key among them
        t.warm(new FlowKey()); // an empty key: nothing to warm, and no exception
        assertEquals(before, t.counters());
        assertEquals(dumpBefore, t.dump(c -> true, FLOWS, sec(1)).toString());
        assertEquals(FLOWS, t.size());
    }

    /** Flows 0, 2, 4, ... (IPv4 and IPv6 alike) on node flow % 100, established. */
    private static ShardedConnectionTable filled() {
        ShardedConnectionTable t = new ShardedConnectionTable(TableSettings.of(10_000).withShards(4), 0, 7);
        for (int flow = 0; flow < 2 * FLOWS; flow += 2) {
            t.insert(mixed(flow).tcpFlags(SYN), flow % 100, 0);
            t.lookup(mixed(flow).tcpFlags(ACK), 0);
        }
        return t;
    }
}
