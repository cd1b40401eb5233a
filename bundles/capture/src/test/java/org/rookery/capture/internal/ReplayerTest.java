package org.rookery.capture.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rookery.api.model.FlowKey;

/**
 * Replay of a capture with a known mix: six web flows (dr, wrr over weights 3, 2, 1), two DNS
 * queries (nat), one TLS flow (tun), two frames of a dropped network, one frame to no VIP, one ARP.
 */
class ReplayerTest {

    @TempDir
    Path dir;

    private final LiveCluster live = new LiveCluster();

    static List<byte[]> mix(boolean oneWebClient) {
        List<byte[]> f = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            String client = oneWebClient ? "203.0.113.1" : "203.0.113." + i;
            f.add(TestFrames.tcp(client, 40000 + i, "192.0.2.10", 80, FlowKey.SYN, 0));
            f.add(TestFrames.tcp(client, 40000 + i, "192.0.2.10", 80, FlowKey.ACK, 0));
            f.add(TestFrames.tcp(client, 40000 + i, "192.0.2.10", 80, FlowKey.ACK | FlowKey.PSH, 100));
        }
        f.add(TestFrames.udp("203.0.113.7", 5000, "192.0.2.10", 53, 30));
        f.add(TestFrames.udp("203.0.113.7", 5001, "192.0.2.10", 53, 31));
        f.add(TestFrames.tcp("203.0.113.8", 50000, "192.0.2.10", 443, FlowKey.SYN, 0));
        f.add(TestFrames.tcp("203.0.113.8", 50000, "192.0.2.10", 443, FlowKey.ACK | FlowKey.PSH, 200));
        f.add(TestFrames.tcp("198.51.100.5", 1234, "192.0.2.10", 80, FlowKey.SYN, 0));
        f.add(TestFrames.tcp("198.51.100.5", 1234, "192.0.2.10", 80, FlowKey.ACK, 0));
        f.add(TestFrames.tcp("203.0.113.9", 1234, "192.0.2.99", 80, FlowKey.SYN, 0));
        f.add(TestFrames.arp());
        return f;
    }

    private ReplayReport replay(Path in, String... flags) {
        Object[] words = new Object[flags.length + 1];
        words[0] = in.toString();
        System.arraycopy(flags, 0, words, 1, flags.length);
        ReplayReport r = live.replayer().replay(ReplayRequest.parse(words));
        System.out.println(r.format());
        return r;
    }

    @Test
    void countsPerNodeAreWhatThePolicyGivesAndPerVerdictByName() throws Exception {
        Path in = TestFrames.write(dir.resolve("mix.pcap"), mix(false));
        ReplayReport r = replay(in);
        assertEquals(Map.of("dns/d1", 2L, "tls/t1", 1L, "web/n1", 3L, "web/n2", 2L, "web/n3", 1L), r.flowsPerNode());
        assertEquals(Map.of("dns/d1", 2L, "tls/t1", 2L, "web/n1", 9L, "web/n2", 6L, "web/n3", 3L), r.framesPerNode());
        assertEquals(Map.of("forwarded", 22L, "local", 1L, "drop", 2L, "unsupported-ethertype", 1L), r.verdicts());
        assertEquals(-1, r.written());
        String text = r.format();
        assertTrue(text.startsWith("replayed " + in + ": 26 frames, 22 to nodes\npolicies: dns wrr, tls wrr, web wrr\n"), text);
        assertTrue(text.matches("(?s).*web/n1\\s+10\\.0\\.1\\.1\\s+02:aa:00:00:00:01\\s+3\\s+33\\.3%\\s+9\\s+40\\.9%.*"), text);
        assertTrue(text.matches("(?s).*web/n2\\s+10\\.0\\.1\\.2\\s+02:00:00:00:00:0\\d\\*\\s+2\\s+.*"), text);
        assertTrue(text.matches("(?s).*dns/d1\\s+10\\.0\\.2\\.1:5353\\s.*"), text);
        assertTrue(text.contains("* no MAC configured"), text);
    }

    @Test
    void replayLeavesTheLiveTableAndCountersAlone() throws Exception {
        replay(TestFrames.write(dir.resolve("mix.pcap"), mix(false)));
        replay(TestFrames.write(dir.resolve("mix.pcap"), mix(false)));
        assertEquals(0, live.table.size());
        live.cluster.stats().forEach((scope, counters) -> {
            if (scope.startsWith("node:") || scope.startsWith("pool:") || scope.startsWith("service:")) {
                assertEquals(0L, counters.getOrDefault("new-flows", 0L), scope);
            }
        });
    }

    @Test
    void oneServiceOnlyAndThePoolsOfItAlone() throws Exception {
        ReplayReport r = replay(TestFrames.write(dir.resolve("mix.pcap"), mix(false)), "--service", "dns");
        assertEquals(Map.of("dns/d1", 2L), r.framesPerNode());
        assertEquals(Map.of("forwarded", 2L, "skipped (not dns)", 23L, "unsupported-ethertype", 1L), r.verdicts());
    }

    @Test
    void policyOverrideReplacesEveryPoolsPolicy() throws Exception {
        Path in = TestFrames.write(dir.resolve("one-client.pcap"), mix(true));
        Map<String, Long> wrr = replay(in).flowsPerNode();
        assertEquals(3L, wrr.get("web/n1"), "wrr spreads one client's flows by weight");
        ReplayReport r = replay(in, "--policy", "sh");
        long web = r.flowsPerNode().entrySet().stream().filter(e -> e.getKey().startsWith("web/")).mapToLong(Map.Entry::getValue).max().orElse(0);
        assertEquals(6, web, "source hash keeps one client's six flows on one node: " + r.flowsPerNode());
        assertTrue(r.format().contains("; every pool on policy sh\npolicies: dns sh, tls sh, web sh\n"), r.format());
        assertFalse(live.cluster.pools().stream().anyMatch(p -> p.pool().policy().equals("sh")), "the live pools keep their policy");
    }
}
