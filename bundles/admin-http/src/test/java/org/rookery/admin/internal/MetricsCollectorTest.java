package org.rookery.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rookery.api.datapath.Datapath;
import org.rookery.api.datapath.LatencyHistogram;
import org.rookery.api.datapath.LatencyRecorder;
import org.rookery.api.datapath.NodeTraffic;
import org.rookery.api.health.HealthCheck;
import org.rookery.api.health.HealthService;
import org.rookery.api.health.NodeHealth;

/** The families /metrics writes, in the Prometheus text format. */
class MetricsCollectorTest {

    private static String scrape(FakeCluster cluster) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MetricsCollector(cluster, List::of).write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void perServicePoolAndNode() throws Exception {
        String text = scrape(new FakeCluster());
        for (String line : List.of(
                "# TYPE rookery_service_new_flows_total counter",
                "rookery_service_new_flows_total{mode=\"proxy\",pool=\"web\",service=\"web\"} 10.0",
                "rookery_pool_new_flows_total{pool=\"web\"} 10.0",
                "rookery_pool_usable_nodes{pool=\"web\"} 1.0",
                "rookery_pool_policy_info{fallback=\"true\",policy=\"maglev\",policy_in_use=\"rr\",pool=\"web\"} 1",
                "rookery_node_new_flows_total{node=\"n2\",pool=\"web\"} 3.0",
                "rookery_node_tracked_packets_total{node=\"n1\",pool=\"web\"} 40.0",
                "rookery_node_active_flows{node=\"n1\",pool=\"web\"} 4.0",
                "rookery_node_weight{node=\"n1\",pool=\"web\"} 3.0",
                "rookery_node_load{node=\"n1\",pool=\"web\"} 0.5",
                "rookery_node_state{node=\"n2\",pool=\"web\",rookery_node_state=\"draining\"} 1",
                "rookery_node_state{node=\"n2\",pool=\"web\",rookery_node_state=\"up\"} 0",
                "rookery_conntrack_flows 7.0",
                "rookery_conntrack_occupancy_ratio 0.007",
                "rookery_conntrack_evictions_total 0.0",
                "rookery_drops_total{reason=\"no-node\"} 1.0",
                "rookery_drops_total{reason=\"rule\"} 2.0",
                "rookery_drops_total{reason=\"truncated\"} 5.0")) {
            assertTrue(text.contains(line + "\n"), line + " in\n" + text);
        }
        // n2 has no load report: no sample rather than a made-up zero
        assertTrue(!text.contains("rookery_node_load{node=\"n2\""), text);
    }

    /** Checked nodes get their health-check results; unchecked ones (n2 here) no health series at all. */
    @Test
    void healthCheckResultsPerCheckedNode() throws Exception {
        HealthService health = new HealthService() {
            @Override
            public List<HealthCheck> checks() {
                return List.of();
            }

            @Override
            public NodeHealth health(String pool, String node) {
                return node.equals("n1") ? new NodeHealth(pool, node, false, 0, 3, 42, 5, 2, "connect refused", 1L) : null;
            }

            @Override
            public void set(HealthCheck check) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void remove(String pool) {
                throw new UnsupportedOperationException();
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MetricsCollector(new FakeCluster(), List::of, () -> health).write(out);
        String text = out.toString(StandardCharsets.UTF_8);
        for (String line : List.of(
                "rookery_node_health_up{node=\"n1\",pool=\"web\"} 0.0",
                "rookery_node_health_checks_total{node=\"n1\",pool=\"web\"} 42.0",
                "rookery_node_health_failed_checks_total{node=\"n1\",pool=\"web\"} 5.0",
                "rookery_node_health_transitions_total{node=\"n1\",pool=\"web\"} 2.0")) {
            assertTrue(text.contains(line + "\n"), line + " in\n" + text);
        }
        assertFalse(text.contains("rookery_node_health_up{node=\"n2\""), text);
        assertFalse(scrape(new FakeCluster()).contains("rookery_node_health"), "no health bundle, no health families");
    }

    /** A proxy datapath that timed three connections and carried bytes for n1 only. */
    private static Datapath timedProxy() {
        LatencyRecorder r = new LatencyRecorder(1);
        r.record(0, 300); // bucket le=5.12e-7
        r.record(0, 400);
        r.record(0, 3_000_000_000L); // beyond the last finite bound
        return new FakeDatapath(Map.of(), Map.of("tcp", r.snapshot(0)), Map.of("dr", LatencyHistogram.EMPTY),
                Map.of("web/n1", new NodeTraffic(1000, 2500), "web/gone", new NodeTraffic(5, 5)));
    }

    @Test
    void latencyHistogramsAndBytesPerNode() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MetricsCollector(new FakeCluster(), () -> List.of(timedProxy())).write(out);
        String text = out.toString(StandardCharsets.UTF_8);
        for (String line : List.of(
                "# TYPE rookery_datapath_connect_latency_seconds histogram",
                "rookery_datapath_connect_latency_seconds_bucket{datapath=\"proxy\",protocol=\"tcp\",le=\"2.56E-7\"} 0",
                "rookery_datapath_connect_latency_seconds_bucket{datapath=\"proxy\",protocol=\"tcp\",le=\"5.12E-7\"} 2",
                "rookery_datapath_connect_latency_seconds_bucket{datapath=\"proxy\",protocol=\"tcp\",le=\"1.073741824\"} 2",
                "rookery_datapath_connect_latency_seconds_bucket{datapath=\"proxy\",protocol=\"tcp\",le=\"+Inf\"} 3",
                "rookery_datapath_connect_latency_seconds_count{datapath=\"proxy\",protocol=\"tcp\"} 3",
                "rookery_datapath_packet_latency_seconds_count{datapath=\"proxy\",mode=\"dr\"} 0",
                "rookery_node_bytes_total{datapath=\"proxy\",direction=\"in\",node=\"n1\",pool=\"web\"} 1000.0",
                "rookery_node_bytes_total{datapath=\"proxy\",direction=\"out\",node=\"n1\",pool=\"web\"} 2500.0",
                // n2 is in a pool a proxy service uses: its series exist before its first byte
                "rookery_node_bytes_total{datapath=\"proxy\",direction=\"in\",node=\"n2\",pool=\"web\"} 0.0",
                // the pool keeps what its deleted node carried
                "rookery_pool_bytes_total{datapath=\"proxy\",direction=\"in\",pool=\"web\"} 1005.0",
                "rookery_pool_bytes_total{datapath=\"proxy\",direction=\"out\",pool=\"web\"} 2505.0")) {
            assertTrue(text.contains(line + "\n"), line + " in\n" + text);
        }
        assertTrue(text.contains("rookery_datapath_connect_latency_seconds_sum{datapath=\"proxy\",protocol=\"tcp\"} 3.0000007"), text);
        assertFalse(text.contains("node=\"gone\""), "a deleted node's bytes are not exported: " + text);
    }

    @Test
    void valuesAreReadAtScrapeTime() throws Exception {
        FakeCluster cluster = new FakeCluster();
        cluster.ruleDrops = 40;
        assertTrue(scrape(cluster).contains("rookery_drops_total{reason=\"rule\"} 40.0\n"));
    }

    @Test
    void counterNamesBecomeMetricNames() {
        assertEquals("bytes_in", MetricsCollector.metricName("bytes-in"));
        assertEquals("udp_sessions_all", MetricsCollector.metricName("udp-sessions-total"));
    }
}
