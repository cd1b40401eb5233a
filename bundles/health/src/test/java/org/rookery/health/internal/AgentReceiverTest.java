package org.rookery.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rookery.api.load.AgentProtocol;
import org.rookery.api.load.AgentSettings;
import org.rookery.api.load.LoadReport;
import org.rookery.api.load.SliceGrant;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.VirtualService;

/** The receiver's judgement of reports: signature, replay, age, unknown nodes, and what it hands the cluster. */
class AgentReceiverTest {

    static final byte[] KEY = "0123456789abcdef-shared".getBytes(StandardCharsets.UTF_8);
    static final InetSocketAddress FROM = new InetSocketAddress("127.0.0.1", 40000);
    static final long NOW = 1_800_000_000_000L;

    FakeCluster cluster;
    AgentReceiver r;

    @BeforeEach
    void setUp() {
        cluster = new FakeCluster().node("web", "n1", "10.0.0.1", 80, 1).node("web", "n2", "10.0.0.2", 80, 2)
                .node("api", "n1", "10.0.0.1", 81, 1);
        r = receiverStartedAt(NOW - 60_000);
    }

    AgentReceiver receiverStartedAt(long started) {
        AgentReceiver a = new AgentReceiver(cluster.service(), cluster.admin(), null, false, started);
        a.useForTest(new AgentSettings("127.0.0.1", 7000, "k", 3, 5000), KEY);
        return a;
    }

    static LoadReport report(String node, long seq, long ts) {
        return new LoadReport(node, seq, ts, 1000, 3.0, 4, 0.5, 12, 0.25, -1);
    }

    byte[] send(byte[] datagram, long now) {
        return r.handle(datagram, datagram.length, FROM, now);
    }

    @Test
    void anAcceptedReportSetsTheLoadOfTheNodeInEveryPoolValidForMissedIntervals() {
        send(AgentProtocol.encodeReport(report("n1", 1, NOW), KEY), NOW);
        assertEquals(1L, r.counters().get("accepted"));
        assertEquals(0.75, cluster.loads.get("web/n1").loadAverage(), 1e-9, "load average per CPU: 3 / 4");
        assertEquals(12, cluster.loads.get("api/n1").activeConnections());
        assertEquals(NOW + 3 * 1000, cluster.validUntil.get("web/n1"));
        assertEquals(NOW, r.lastReportMillis("web", "n1"));
        assertEquals(-1, r.lastReportMillis("web", "n2"));
    }

    @Test
    void aPoolQualifiedNameAddressesOnePool() {
        send(AgentProtocol.encodeReport(report("api/n1", 1, NOW), KEY), NOW);
        assertNotNull(cluster.loads.get("api/n1"));
        assertNull(cluster.loads.get("web/n1"));
    }

    @Test
    void aWrongKeyIsDroppedAsBadSignature() {
        byte[] other = "another-key-of-16+bytes".getBytes(StandardCharsets.UTF_8);
        send(AgentProtocol.encodeReport(report("n1", 1, NOW), other), NOW);
        assertEquals(1L, r.counters().get("bad-signature"));
        assertEquals(0L, r.counters().get("accepted"));
        assertTrue(cluster.loads.isEmpty());
    }

    @Test
    void aTamperedReportIsDroppedAsBadSignature() {
        byte[] d = AgentProtocol.encodeReport(report("n1", 1, NOW), KEY);
        d[30] ^= 1; // a bit of the body flipped in transit (or by a forger)
        send(d, NOW);
        assertEquals(1L, r.counters().get("bad-signature"));
        assertTrue(cluster.loads.isEmpty());
    }

    @Test
    void anUnsignedReportIsDroppedAsUnsigned() {
        send(AgentProtocol.unsigned(AgentProtocol.encodeReport(report("n1", 1, NOW), KEY)), NOW);
        assertEquals(1L, r.counters().get("unsigned"));
        assertTrue(cluster.loads.isEmpty());
    }

    @Test
    void aReplayedOrOlderSequenceIsDropped() {
        byte[] first = AgentProtocol.encodeReport(report("n1", 10, NOW), KEY);
        send(first, NOW);
        send(first, NOW + 10);
        send(AgentProtocol.encodeReport(report("n1", 9, NOW + 20), KEY), NOW + 20);
        assertEquals(2L, r.counters().get("replayed"));
        send(AgentProtocol.encodeReport(report("n1", 11, NOW + 30), KEY), NOW + 30);
        assertEquals(2L, r.counters().get("accepted"));
    }

    @Test
    void aRestartedAgentIsAcceptedAtOnce() {
        // agents number messages with their clock in microseconds: after a restart they go on above the last one
        send(AgentProtocol.encodeReport(report("n1", NOW * 1000, NOW), KEY), NOW);
        send(AgentProtocol.encodeReport(report("n1", (NOW + 300) * 1000, NOW + 300), KEY), NOW + 300);
        assertEquals(2L, r.counters().get("accepted"));
        assertEquals(0L, r.counters().get("replayed"));
    }

    @Test
    void afterAFrontEndRestartAReportCapturedBeforeItIsStillRejected() {
        byte[] captured = AgentProtocol.encodeReport(report("n1", NOW * 1000, NOW), KEY);
        send(captured, NOW);
        assertEquals(1L, r.counters().get("accepted"));
        // the front-end restarts a second later: its memory of sequences is gone
        r = receiverStartedAt(NOW + 1000);
        send(captured, NOW + 2000); // well within the max age of 5 s
        assertEquals(1L, r.counters().get("replayed"));
        assertEquals(0L, r.counters().get("accepted"));
        cluster.loads.clear();
        // the node's next genuine report is taken, and from then on the sequence guards as before
        send(AgentProtocol.encodeReport(report("n1", (NOW + 2500) * 1000, NOW + 2500), KEY), NOW + 2500);
        assertEquals(1L, r.counters().get("accepted"));
        assertNotNull(cluster.loads.get("web/n1"));
        send(captured, NOW + 3000);
        assertEquals(2L, r.counters().get("replayed"));
    }

    @Test
    void aReportTooOldOrFromTheFutureIsStale() {
        send(AgentProtocol.encodeReport(report("n1", 1, NOW - 5001), KEY), NOW);
        send(AgentProtocol.encodeReport(report("n1", 2, NOW + 5001), KEY), NOW);
        assertEquals(2L, r.counters().get("stale"));
        send(AgentProtocol.encodeReport(report("n1", 3, NOW - 4999), KEY), NOW);
        assertEquals(1L, r.counters().get("accepted"));
    }

    @Test
    void garbageAndUnknownNodesAreCounted() {
        send("hello".getBytes(StandardCharsets.US_ASCII), NOW);
        send(AgentProtocol.encodeReport(report("n9", 1, NOW), KEY), NOW);
        assertEquals(1L, r.counters().get("malformed"));
        assertEquals(1L, r.counters().get("unknown-node"));
    }

    @Test
    void aSliceRequestIsAnsweredWithTheNodesSliceAndTheServicePortsOnItsVip() throws Exception {
        cluster.portSpace = new PortSpace(10000, 1000);
        cluster.services.add(new VirtualService("web", IpAddress.parse("192.0.2.10"), Protocol.TCP, PortRange.parse("80"), "web",
                org.rookery.api.model.ForwardingMethod.DR, null));
        byte[] reply = send(AgentProtocol.encodeSliceRequest("web/n2", 5, NOW, KEY), NOW);
        SliceGrant g = AgentProtocol.decode(reply, reply.length, KEY).grant();
        assertEquals(10000, g.base());
        assertEquals(1000, g.slice());
        assertEquals(2, g.index());
        assertEquals("192.0.2.10", g.vip());
        assertEquals(List.of(new PortRange(80, 80)), g.servicePorts());
        assertEquals(5, g.sequence());
        assertNull(send(AgentProtocol.encodeSliceRequest("web/n2", 5, NOW, KEY), NOW), "a replayed request gets no answer");
    }

    @Test
    void aShortKeyFileIsRefusedWithAHint() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentProtocol.key("short\n".getBytes(StandardCharsets.UTF_8), "/etc/rookery/key"));
        assertTrue(e.getMessage().contains("at least 16"), e.getMessage());
    }
}
