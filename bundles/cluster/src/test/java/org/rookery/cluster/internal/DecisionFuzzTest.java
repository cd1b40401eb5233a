package org.rookery.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.rookery.api.cluster.Dispatcher;
import org.rookery.api.model.Cidr;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Rule;
import org.rookery.api.model.Verdict;
import org.rookery.classifier.internal.ChainManager;
import org.rookery.conntrack.internal.ShardedConnectionTable;
import org.rookery.packet.FuzzCorpus;
import org.rookery.packet.PacketView;
import org.rookery.packet.Reason;

/**
 * A million mutated real frames (the pcap4j test captures and loopback captures of curl and iperf3)
 * through the parser and the whole decision core, while the cluster changes under them: nothing
 * throws, and every frame ends in a node, a verdict or a drop counted by reason.
 */
class DecisionFuzzTest {

    private static final int FRAMES = 1_000_000;

    @Test
    void everyFrameEndsInADecisionOrACountedDrop() {
        ShardedConnectionTable table = new ShardedConnectionTable(1 << 14, 0); // small: eviction is exercised too
        ClusterManager cluster = new ClusterManager(ConfigStore.NONE, table);
        ChainManager chain = new ChainManager(cluster, TestCluster.chainConfig("pool:web"));
        cluster.addListener(chain);
        DispatcherImpl dispatcher = new DispatcherImpl(cluster, chain, table, TestCluster.dispatcherConfig("reschedule"));
        cluster.addPool("web", "rr", Map.of());
        cluster.addPool("other", "rr", Map.of());
        for (int i = 1; i <= 4; i++) {
            cluster.addNode(ClusterManagerTest.node("web", "n" + i, "10.1.0." + i));
        }
        cluster.addNode(ClusterManagerTest.node("other", "o1", "10.2.0.1"));
        cluster.setPortSpace(new PortSpace(40000, 5000));
        cluster.addRule(0, new Rule(0, 17, null, null, null, null, Verdict.pool("other")));
        cluster.addRule(0, new Rule(0, 0, Cidr.parse("192.168.0.0/16"), null, null, null, Verdict.DROP));
        cluster.addRule(0, new Rule(0, 1, null, null, null, null, Verdict.LOCAL));

        List<FuzzCorpus.Base> corpus = FuzzCorpus.corpus();
        SplittableRandom rnd = new SplittableRandom(0xF122_2026L);
        byte[] work = new byte[70_000];
        PacketView view = new PacketView();
        FlowKey key = new FlowKey();
        Map<String, Long> outcomes = new TreeMap<>();
        long[] drops = new long[Reason.COUNT];
        long now = 0;
        for (int i = 0; i < FRAMES; i++) {
            if (i % 50_000 == 0) {
                change(cluster, i / 50_000);
            }
            FuzzCorpus.Base base = corpus.get(rnd.nextInt(corpus.size()));
            int len = FuzzCorpus.mutate(base, work, rnd);
            now += 1_000_000; // a millisecond a frame: timeouts pass during the run
            int r = view.wrap(work, 0, len).parse(key);
            if (r != Reason.OK) {
                drops[Reason.index(r)]++;
                dispatcher.countDrop(Reason.name(r));
                continue;
            }
            key.ingress("eth0");
            int d = dispatcher.decide(key, now);
            String outcome = d >= 0 ? "node" : switch (d) {
                case Dispatcher.DROP -> "drop";
                case Dispatcher.LOCAL -> "local";
                case Dispatcher.NO_NODE -> "no-node";
                default -> throw new AssertionError("unknown decision " + d);
            };
            if (d >= 0) {
                assertTrue(dispatcher.node(d) != null, "a node id without a node");
            }
            outcomes.merge(outcome, 1L, Long::sum);
        }
        long dropped = 0;
        Map<String, Long> counted = cluster.stats().get("drops");
        for (int r = 1; r < Reason.COUNT; r++) {
            dropped += drops[r];
            if (drops[r] > 0) {
                assertEquals(drops[r], counted.get(Reason.name(-r)), "drop counter " + Reason.name(-r));
            }
        }
        long decided = outcomes.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(FRAMES, decided + dropped, "every frame ends somewhere: " + outcomes + " drops " + counted);
        assertTrue(outcomes.getOrDefault("node", 0L) > 100_000, "the pool got traffic: " + outcomes);
        assertTrue(outcomes.getOrDefault("local", 0L) > 0 && outcomes.getOrDefault("drop", 0L) > 0, outcomes.toString());
        System.out.println("decision fuzz: " + outcomes + " parse drops " + counted + " conntrack " + table.counters());
    }

    /** Changes the cluster as an operator might while traffic flows. */
    private static void change(ClusterManager cluster, int step) {
        String n = "n" + (1 + step % 4);
        switch (step % 5) {
            case 0 -> cluster.setNodeState("web", n, NodeState.DRAINING);
            case 1 -> cluster.setNodeState("web", n, NodeState.DOWN);
            case 2 -> cluster.setNodeWeight("web", n, 0);
            case 3 -> {
                for (int i = 1; i <= 4; i++) {
                    cluster.setNodeState("web", "n" + i, NodeState.UP);
                    cluster.setNodeWeight("web", "n" + i, 1 + i);
                }
            }
            default -> cluster.setPoolPolicy("web", step % 2 == 0 ? "maglev" : "rr", Map.of());
        }
    }
}
