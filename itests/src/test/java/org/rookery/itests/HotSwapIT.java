package org.rookery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.rookery.api.cluster.ClusterAdminService;
import org.rookery.api.cluster.ClusterService;
import org.rookery.api.cluster.Dispatcher;
import org.rookery.api.cluster.PoolStatus;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.VirtualService;

/**
 * The reason this platform exists: a pool under continuous load through the real dispatcher has its
 * policy switched fifty times while policy bundles are uninstalled, reinstalled and updated. Every
 * established flow keeps its node, every new flow gets one, and new flows follow the policy in force.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapIT extends RookeryTestSupport {

    private static final String VIP = "192.0.2.50";
    private static final String[] POLICIES = {"rr", "wrr", "lc", "wlc", "sh", "maglev", "leastload", "p2c"};

    @Inject
    private Dispatcher dispatcher;

    @Inject
    private ClusterAdminService admin;

    @Inject
    private ClusterService cluster;

    @Test
    public void policiesSwapUnderLoadWithoutMovingAFlow() throws Exception {
        admin.addPool("hot", "rr", Map.of());
        for (int i = 1; i <= 4; i++) {
            admin.addNode(new Node("hot", "n" + i, IpAddress.parse("10.9.0." + i), 0, null, i, NodeState.UP, -1));
        }
        admin.addService(new VirtualService("hot", IpAddress.parse(VIP), Protocol.TCP, PortRange.of(80), "hot",
                ForwardingMethod.DR, null));
        Bundle fixture = context.installBundle("file:" + context.getProperty("rookery.fixture.policy"));
        fixture.start();

        Load load = new Load();
        Thread generator = new Thread(load, "hot-swap-load");
        generator.start();
        try {
            assertTrue("load did not start", eventually(10, () -> load.established.size() >= 1000));
            for (int round = 0; round < 50; round++) {
                String policy = round % 5 == 4 ? "fixture-first" : POLICIES[round % POLICIES.length];
                shell("pool set hot --policy " + policy);
                assertTrue("pool did not take " + policy + ": " + shellQuietly("pool list"),
                        eventually(10, () -> inUse().equals(policy)));
                if (policy.equals("fixture-first")) {
                    // fixture-first sends every new flow to the first usable member: n1
                    long mark = load.newFlows.get();
                    assertTrue(eventually(10, () -> load.newFlows.get() > mark + 200));
                    assertTrue("new flows did not follow fixture-first", newFlowsAllOn("n1", 50));
                }
                switch (round % 10) {
                    case 2 -> replaceBundle("org.rookery.policy-maglev", policy);
                    case 5 -> updateBundle("org.rookery.policy-wrr");
                    case 7 -> replaceBundle("org.rookery.policy-" + (policy.startsWith("fixture") ? "rr" : policy), policy);
                    default -> { }
                }
                assertNull(load.failure.get());
            }
        } finally {
            load.stop.set(true);
            generator.join(10_000);
            fixture.uninstall();
        }
        assertNull(load.failure.get());
        assertTrue("too little load: " + load, load.checks.get() > 10_000 && load.newFlows.get() > 10_000);
        assertEquals("decisions without a node: " + load, 0, load.refused.get());
    }

    private static void assertNull(Throwable t) {
        if (t != null) {
            throw new AssertionError(t.getMessage(), t);
        }
    }

    private String inUse() {
        for (PoolStatus p : cluster.pools()) {
            if (p.pool().name().equals("hot")) {
                return p.fallback() ? "fallback" : p.policyInUse();
            }
        }
        return "none";
    }

    /** Places {@code n} fresh flows and checks they all land on one node. */
    private boolean newFlowsAllOn(String node, int n) {
        FlowKey k = new FlowKey();
        for (int i = 0; i < n; i++) {
            k.setV4(6, 0xC6330000 + i, (int) IpAddress.parse(VIP).lo(), 50000 + i, 80).tcpFlags(FlowKey.SYN);
            int id = dispatcher.decide(k, System.nanoTime());
            boolean ok = id >= 0 && node.equals(dispatcher.node(id).name());
            dispatcher.closed(k);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Uninstalls a policy bundle and installs it again from its location; the pool falls back and returns. */
    private void replaceBundle(String bsn, String policy) throws Exception {
        Bundle b = bundle(bsn);
        String location = b.getLocation();
        b.uninstall();
        if (bsn.endsWith("-" + policy)) {
            assertTrue("pool did not fall back: " + shellQuietly("pool list"), eventually(10, () -> inUse().equals("fallback")));
        }
        Bundle again = context.installBundle(location);
        again.start();
        if (bsn.endsWith("-" + policy)) {
            assertTrue("pool did not return to " + policy, eventually(10, () -> inUse().equals(policy)));
        }
    }

    private void updateBundle(String bsn) throws Exception {
        bundle(bsn).update();
        assertTrue(eventually(10, () -> bundle(bsn).getState() == Bundle.ACTIVE));
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    /** Synthetic clients: long-lived flows whose every packet must reach the same node, and a stream of new flows. */
    private final class Load implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Map<Long, Integer> established = new ConcurrentHashMap<>();
        final AtomicLong checks = new AtomicLong();
        final AtomicLong newFlows = new AtomicLong();
        final AtomicLong refused = new AtomicLong();

        @Override
        public void run() {
            FlowKey k = new FlowKey();
            int vip = (int) IpAddress.parse(VIP).lo();
            long n = 0;
            List<Long> longLived = new ArrayList<>();
            try {
                while (!stop.get()) {
                    n++;
                    // a new flow from a rotating set of clients; one in ten stays open for the whole test
                    long id = n;
                    key(k, id, vip).tcpFlags(FlowKey.SYN);
                    int node = dispatcher.decide(k, System.nanoTime());
                    if (node < 0) {
                        refused.incrementAndGet();
                        continue;
                    }
                    newFlows.incrementAndGet();
                    if (n % 10 == 0 && longLived.size() < 5000) {
                        established.put(id, node);
                        longLived.add(id);
                    } else {
                        dispatcher.closed(k);
                    }
                    // a packet of a long-lived flow: it must go where it went first
                    if (!longLived.isEmpty()) {
                        long old = longLived.get((int) (n % longLived.size()));
                        key(k, old, vip).tcpFlags(FlowKey.ACK);
                        int again = dispatcher.decide(k, System.nanoTime());
                        int first = established.get(old);
                        if (again != first) {
                            throw new AssertionError("flow " + old + " moved from node " + first + " to " + again);
                        }
                        checks.incrementAndGet();
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }

        private FlowKey key(FlowKey k, long id, int vip) {
            return k.setV4(6, 0xCB000000 + (int) (id >>> 14), vip, 1024 + (int) (id & 0x3FFF), 80);
        }

        @Override
        public String toString() {
            return "new " + newFlows + ", checks " + checks + ", refused " + refused + ", long-lived " + established.size();
        }
    }
}
