package org.rookery.capture.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.VirtualService;
import org.rookery.cluster.internal.ClusterManager;
import org.rookery.cluster.internal.StandaloneCore;
import org.rookery.conntrack.internal.ShardedConnectionTable;

/**
 * A real capture: three curl requests over loopback (the packet bundle's http-v4.pcap), replayed
 * against a proxy service on 127.0.0.1:18080 with two nodes. Client-to-server frames are the
 * service's; the replies are addressed to the clients, so they are not ours (local).
 */
class LoopbackCaptureTest {

    @TempDir
    Path dir;

    @Test
    void threeConnectionsSpreadOverTwoNodesAndRepliesAreLocal() throws Exception {
        Path in = dir.resolve("http-v4.pcap");
        try (InputStream s = getClass().getResourceAsStream("/captures/http-v4.pcap")) {
            assertNotNull(s, "the packet bundle's test jar is on the class path");
            Files.copy(s, in);
        }
        ClusterManager live = new StandaloneCore(new ShardedConnectionTable(1024, 0)).cluster();
        live.addPool("demo", "wrr", Map.of());
        live.addNode(new Node("demo", "a", IpAddress.parse("127.0.0.1"), 18081, null, 1, NodeState.UP, -1));
        live.addNode(new Node("demo", "b", IpAddress.parse("127.0.0.1"), 18082, null, 1, NodeState.UP, -1));
        live.addService(new VirtualService("demo", IpAddress.parse("127.0.0.1"), Protocol.TCP, PortRange.of(18080), "demo",
                ForwardingMethod.PROXY, null));
        Path out = dir.resolve("out.pcap");
        ReplayReport r = new Replayer(live, new LiveCluster().policySource(), LiveSettings.DEFAULTS)
                .replay(ReplayRequest.parse(new Object[] {in.toString(), "--out", out.toString()}));
        System.out.println(r.format());
        assertEquals(Map.of("demo/a", 2L, "demo/b", 1L), r.flowsPerNode());
        assertEquals(Map.of("demo/a", 9L, "demo/b", 6L), r.framesPerNode());
        assertEquals(Map.of("proxy (counted, not rewritten)", 15L, "local", 15L), r.verdicts());
        assertEquals(0, r.written(), "proxy frames are not rewritten, so none is written");
        assertEquals(0, OutputCaptureTest.read(out).size());
        assertTrue(r.format().contains(" frames carried bad checksums as captured"), "loopback leaves TCP checksums to offload");
    }
}
