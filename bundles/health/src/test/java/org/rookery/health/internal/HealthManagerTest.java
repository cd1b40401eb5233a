package org.rookery.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.rookery.api.health.HealthCheck;
import org.rookery.api.load.AgentProtocol;
import org.rookery.api.load.AgentSettings;
import org.rookery.api.load.LoadReport;

/** Agent-type checks driven tick by tick: a node whose reports stop fails after fall checks, and recovers. */
class HealthManagerTest {

    static final byte[] KEY = "health-manager-test-key-0123".getBytes(StandardCharsets.UTF_8);

    FakeCluster cluster;
    AgentReceiver receiver;
    HealthManager health;

    /** The factory configurations deleted through {@link #nullConfigAdmin}, by name. */
    final List<String> deleted = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Config Admin that stores nothing (the manager keeps its checks in memory too) and records deletions. */
    ConfigurationAdmin nullConfigAdmin() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(HealthManagerTest.class.getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (p, m, a) -> {
                    if (m.getName().equals("listConfigurations")) {
                        return null;
                    }
                    String name = a != null && a.length > 1 ? String.valueOf(a[1]) : "?";
                    return Proxy.newProxyInstance(HealthManagerTest.class.getClassLoader(), new Class<?>[] {Configuration.class},
                            (p2, m2, a2) -> switch (m2.getName()) {
                                case "updateIfDifferent" -> Boolean.TRUE;
                                case "delete" -> {
                                    deleted.add(name);
                                    yield null;
                                }
                                default -> null;
                            });
                });
    }

    @BeforeEach
    void setUp() throws Exception {
        cluster = new FakeCluster().node("web", "n1", "127.0.0.1", 80, 0).node("web", "n2", "127.0.0.1", 81, 1);
        receiver = new AgentReceiver(cluster.service(), cluster.admin(), null, false);
        receiver.useForTest(new AgentSettings("127.0.0.1", 7000, "k", 3, 60_000), KEY);
        health = new HealthManager(cluster.service(), cluster.admin(), receiver, nullConfigAdmin());
    }

    @AfterEach
    void tearDown() {
        health.deactivate();
    }

    void report(String node, long seq) {
        long now = System.currentTimeMillis();
        byte[] d = AgentProtocol.encodeReport(new LoadReport(node, seq, now, 1000, 0.1, 1, 0.1, 0, 0.1, -1), KEY);
        receiver.handle(d, d.length, new InetSocketAddress("127.0.0.1", 1), now);
    }

    @Test
    void aNodeWhoseReportsStopFailsAfterFallChecksAndRecoversAfterRise() {
        // an hour between checks: only the ticks below run them, never the manager's own timer
        health.set(new HealthCheck("web", "agent", 3_600_000, 60_000, 2, 3, 0, "/", 200));
        report("web/n1", 1);
        long t = System.nanoTime() + 7_200_000_000_000L;
        health.tick(t); // first sight of the nodes: their first checks are spread over one interval
        for (int i = 0; i < 3; i++) {
            t += 3_600_000_000_000L;
            health.tick(t);
        }
        assertTrue(health.health("web", "n1").healthy());
        assertFalse(health.health("web", "n2").healthy(), "n2 never reported");
        assertEquals(List.of("web/n2=false"), cluster.healthChanges);
        assertEquals("no report received", health.health("web", "n2").lastResult());

        report("web/n2", 1);
        health.tick(t += 3_600_000_000_000L);
        assertFalse(health.health("web", "n2").healthy(), "one success is below rise 2");
        health.tick(t + 3_600_000_000_000L);
        assertTrue(health.health("web", "n2").healthy());
        assertEquals(List.of("web/n2=false", "web/n2=true"), cluster.healthChanges);
    }

    @Test
    void removingTheCheckBringsFailedNodesBack() {
        health.set(new HealthCheck("web", "agent", 3_600_000, 60_000, 2, 1, 0, "/", 200));
        long t = System.nanoTime() + 7_200_000_000_000L;
        health.tick(t);
        health.tick(t + 3_600_000_000_000L);
        assertEquals(List.of("web/n1=false", "web/n2=false"), cluster.healthChanges.stream().sorted().toList());
        health.remove("web");
        assertTrue(cluster.healthy.get("web/n1") && cluster.healthy.get("web/n2"));
        assertEquals(null, health.health("web", "n1"));
    }

    @Test
    void deletingThePoolRemovesItsCheckAndItsStoredConfiguration() {
        health.set(new HealthCheck("web", "agent", 3_600_000, 60_000, 2, 1, 0, "/", 200));
        long t = System.nanoTime() + 7_200_000_000_000L;
        health.tick(t);
        health.tick(t + 3_600_000_000_000L);
        assertFalse(health.health("web", "n1").healthy());
        // another pool's change leaves the check alone
        health.clusterChanged("node web/n1 weight 2");
        assertEquals(List.of("web"), health.checks().stream().map(HealthCheck::pool).toList());
        assertEquals(List.of(), deleted);

        cluster.nodes.clear(); // the pool goes (its nodes first, as 'pool del' requires)
        health.clusterChanged("pool web deleted");
        assertEquals(List.of(), health.checks(), "no orphan check");
        assertEquals(List.of("web"), deleted, "its stored configuration is deleted");
        assertEquals(null, health.health("web", "n1"));
        health.tick(t + 7_200_000_000_000L); // nothing left to probe, nothing thrown
        assertEquals(List.of(), health.checks());
    }

    @Test
    void aCheckWhosePoolWasNeverSeenIsNotRemovedByAChange() {
        // start-up order: checks may be read before their pools; only a pool seen to go takes its check along
        cluster.node("api", "a1", "127.0.0.1", 82, 2);
        health.set(new HealthCheck("api", "tcp", 3_600_000, 60_000, 2, 1, 0, "/", 200));
        cluster.nodes.removeIf(n -> n.pool().equals("api"));
        health.clusterChanged("node api/a1 deleted");
        assertEquals(List.of(), deleted);
        assertEquals(List.of("api"), health.checks().stream().map(HealthCheck::pool).toList());
    }

    @Test
    void aCheckWithoutPortsConnectsToTheFirstTcpServiceOfThePoolNeverAUdpOne() {
        org.rookery.api.model.Node n1 = cluster.nodes.get(0);
        org.rookery.api.model.Node portless = new org.rookery.api.model.Node("web", "n9", n1.address(), 0, null, 1,
                org.rookery.api.model.NodeState.UP, 9);
        HealthCheck tcp = new HealthCheck("web", "tcp", 1000, 500, 2, 3, 0, "/", 200);
        cluster.services.add(new org.rookery.api.model.VirtualService("echo", org.rookery.api.model.IpAddress.parse("192.0.2.10"),
                org.rookery.api.model.Protocol.UDP, org.rookery.api.model.PortRange.parse("9000"), "web",
                org.rookery.api.model.ForwardingMethod.NAT, null));
        assertEquals(0, health.portOf(tcp, portless), "a UDP service alone gives no port to connect to");
        cluster.services.add(new org.rookery.api.model.VirtualService("www", org.rookery.api.model.IpAddress.parse("192.0.2.10"),
                org.rookery.api.model.Protocol.TCP, org.rookery.api.model.PortRange.parse("80-81"), "web",
                org.rookery.api.model.ForwardingMethod.NAT, null));
        assertEquals(80, health.portOf(tcp, portless));
        assertEquals(81, health.portOf(tcp, cluster.nodes.get(1)), "the node's own port comes first");
        assertEquals(8081, health.portOf(new HealthCheck("web", "tcp", 1000, 500, 2, 3, 8081, "/", 200), n1));
    }

    @Test
    void aCheckForAnUnknownPoolIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> health.set(new HealthCheck("nosuch", "tcp", 1000, 500, 2, 3, 0, "/", 200)));
        assertTrue(e.getMessage().contains("no pool named nosuch"), e.getMessage());
    }
}
