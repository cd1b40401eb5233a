package org.rookery.bench;

import java.lang.annotation.Annotation;
import java.util.Map;
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
import org.rookery.api.cluster.Dispatcher;
import org.rookery.api.model.Cidr;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.Rule;
import org.rookery.api.model.Verdict;
import org.rookery.api.model.VirtualService;
import org.rookery.classifier.internal.ChainConfig;
import org.rookery.classifier.internal.ChainManager;
import org.rookery.cluster.internal.ClusterManager;
import org.rookery.cluster.internal.StandaloneCore;
import org.rookery.conntrack.internal.ShardedConnectionTable;

/**
 * The dispatcher's two decisions, on one thread, over the real chain, table and cluster:
 * a new flow (table miss, 100 rules that do not match, the services link, the pool's selector over
 * 1,000 nodes, table insert; the flow is then forgotten so the table stays at its size) and a packet of
 * an established flow (one table hit among a million tracked flows).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseTransparentHugePages"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DecisionBenchmark {

    static final IpAddress VIP = IpAddress.parse("192.0.2.10");

    /** Flows tracked while measuring established-flow packets. */
    @Param({"1000000"})
    public int trackedFlows;

    private Dispatcher dispatcher;
    private ChainManager chain;
    private ShardedConnectionTable table;
    /** Tracked flows as primitive arrays in random order: a datapath parses its key from a frame in cache, not from a million objects. */
    private int[] trackedSrc;
    private int[] trackedPort;
    private final FlowKey packet = new FlowKey();
    private final FlowKey fresh = new FlowKey();
    private int next;
    private int newCounter;

    /** Builds the cluster: 100 rules, one service, a pool of 1,000 nodes, a million tracked flows. */
    @Setup(Level.Trial)
    public void setUp() {
        table = new ShardedConnectionTable(trackedFlows * 2, System.nanoTime());
        StandaloneCore core = new StandaloneCore(table);
        ClusterManager c = core.cluster();
        c.addPool("web", "rr", Map.of());
        for (int i = 0; i < 1000; i++) {
            c.addNode(new Node("web", "n" + i, IpAddress.v4(0x0A000000 + i), 0, null, 1 + i % 3, NodeState.UP, -1));
        }
        c.addService(new VirtualService("web", VIP, Protocol.TCP, PortRange.of(80), "web", ForwardingMethod.DR, null));
        for (int i = 0; i < 100; i++) {
            // rules an operator might have: drop some networks, send others elsewhere; none matches the load
            c.addRule(0, new Rule(0, 6, Cidr.parse("100." + i + ".0.0/16"), null, PortRange.parse("1-1024"), null, Verdict.DROP));
        }
        chain = new ChainManager(c, new ChainConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ChainConfig.class;
            }

            @Override
            public String default_verdict() {
                return "local";
            }
        });
        dispatcher = core.dispatcher(chain, "drop");
        long now = System.nanoTime();
        trackedSrc = new int[trackedFlows];
        trackedPort = new int[trackedFlows];
        FlowKey k = new FlowKey();
        for (int i = 0; i < trackedFlows; i++) {
            trackedSrc[i] = 0xC6336400 + (i >>> 14);
            trackedPort[i] = 1024 + (i & 0x3FFF);
            k.setV4(6, trackedSrc[i], (int) VIP.lo(), trackedPort[i], 80).tcpFlags(FlowKey.SYN);
            if (dispatcher.decide(k, now) < 0) {
                throw new IllegalStateException("setup flow not placed");
            }
        }
        // shuffle so that lookups do not walk the table in insertion order
        java.util.Random r = new java.util.Random(7);
        for (int i = trackedFlows - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int s = trackedSrc[i];
            trackedSrc[i] = trackedSrc[j];
            trackedSrc[j] = s;
            int p = trackedPort[i];
            trackedPort[i] = trackedPort[j];
            trackedPort[j] = p;
        }
    }

    /** A packet of an established flow: one connection-table hit. */
    @Benchmark
    public int establishedFlowPacket() {
        int i = next;
        next = i + 1 == trackedSrc.length ? 0 : i + 1;
        packet.setV4(6, trackedSrc[i], (int) VIP.lo(), trackedPort[i], 80).tcpFlags(FlowKey.ACK);
        return dispatcher.decide(packet, System.nanoTime());
    }

    /** A new flow: miss, 100 rules, services, policy over 1,000 nodes, insert; then forgotten. */
    @Benchmark
    public int newFlowDecision() {
        int n = newCounter++;
        fresh.setV4(6, 0xCB007100 + (n >>> 16 & 0xFF), (int) VIP.lo(), 1024 + (n & 0xFFFF) % 64000, 80).tcpFlags(FlowKey.SYN);
        int node = dispatcher.decide(fresh, System.nanoTime());
        dispatcher.closed(fresh);
        return node;
    }

    /** Part of a new flow's cost: the 100-rule chain and the services link alone. */
    @Benchmark
    public Object newFlowClassifyOnly() {
        int n = newCounter++;
        fresh.setV4(6, 0xCB007100 + (n >>> 16 & 0xFF), (int) VIP.lo(), 1024 + (n & 0xFFFF) % 64000, 80).tcpFlags(FlowKey.SYN);
        return chain.classify(fresh);
    }

    /** Part of a new flow's cost: the table's miss, insert and remove alone (no chain, no policy, no counters). */
    @Benchmark
    public int newFlowTableOnly() {
        int n = newCounter++;
        fresh.setV4(6, 0xCB007100 + (n >>> 16 & 0xFF), (int) VIP.lo(), 1024 + (n & 0xFFFF) % 64000, 80).tcpFlags(FlowKey.SYN);
        long now = System.nanoTime();
        int r = table.lookup(fresh, now);
        r += table.insert(fresh, 7, now);
        table.remove(fresh);
        return r;
    }
}
