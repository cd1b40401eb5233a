package org.rookery.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rookery.api.datapath.NodeTraffic;

/** The listener on a real loopback socket: refusals, the token, and what each path serves. */
class AdminServerTest {

    private final HttpClient client = HttpClient.newHttpClient();

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aWildcardAddressWithoutTokenIsRefusedAndNothingListens() throws Exception {
        int port = freePort();
        AdminServer server = new AdminServer(new FakeCluster(), k -> null, Configs.of("0.0.0.0", port, ""));
        try {
            assertEquals(-1, server.port());
            assertTrue(server.problem().orElseThrow().startsWith("admin HTTP refuses to listen on 0.0.0.0:" + port + ": no token"));
            try (ServerSocket probe = new ServerSocket(port)) {
                assertEquals(port, probe.getLocalPort()); // the port is free: nothing was bound
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void aPortInUseIsAProblemNotACrash() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            AdminServer server = new AdminServer(new FakeCluster(), k -> null, Configs.of("127.0.0.1", taken.getLocalPort(), ""));
            assertTrue(server.problem().orElseThrow().startsWith("admin HTTP cannot listen on 127.0.0.1:" + taken.getLocalPort()),
                    server.problem().toString());
            server.stop();
        }
    }

    @Test
    void withATokenEveryPathWantsIt() throws Exception {
        AdminServer server = new AdminServer(new FakeCluster(), k -> null, Configs.of("0.0.0.0", freePort(), "s3cret"));
        try {
            assertTrue(server.problem().isEmpty());
            int port = server.port();
            for (String path : List.of("/", "/metrics", "/api/state")) {
                HttpResponse<String> r = get(port, path, null);
                assertEquals(401, r.statusCode(), path);
                assertEquals("Bearer realm=\"rookery\"", r.headers().firstValue("WWW-Authenticate").orElse(null));
                assertEquals(401, get(port, path, "wrong").statusCode(), path);
                assertEquals(200, get(port, path, "s3cret").statusCode(), path);
            }
            // the page (only it) takes the token as a query parameter, for a browser
            assertEquals(200, get(port, "/?token=s3cret", null).statusCode());
            assertEquals(401, get(port, "/api/state?token=s3cret", null).statusCode());
        } finally {
            server.stop();
        }
    }

    @Test
    void servesMetricsStateAndThePage() throws Exception {
        FakeCluster cluster = new FakeCluster();
        AdminServer server = new AdminServer(cluster, Map.of("rookery.admin.port", Integer.toString(freePort()))::get,
                Configs.of("", 0, ""));
        server.datapaths(List.of(new FakeDatapath(
                Map.of("connections", 12L, "active", 3L, "bytes-in", 4096L, "drops.rule", 1L), Map.of(), Map.of(),
                Map.of("web/n1", new NodeTraffic(777, 888)))));
        try {
            int port = server.port();
            HttpResponse<String> metrics = get(port, "/metrics", null);
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            String text = metrics.body();
            assertTrue(text.contains("rookery_node_new_flows_total{node=\"n1\",pool=\"web\"} 7.0\n"), text);
            assertTrue(text.contains("rookery_datapath_bytes_in_total{datapath=\"proxy\"} 4096.0\n"), text);
            cluster.n1Flows = 19;
            assertTrue(get(port, "/metrics", null).body().contains("rookery_node_new_flows_total{node=\"n1\",pool=\"web\"} 19.0\n"));

            HttpResponse<String> state = get(port, "/api/state", null);
            assertEquals("application/json", state.headers().firstValue("Content-Type").orElse(""));
            assertTrue(state.body().contains("\"name\":\"n1\",\"address\":\"10.0.0.1\",\"port\":0,\"state\":\"up\""), state.body());
            assertTrue(state.body().contains("\"newFlows\":19"), state.body());
            assertTrue(state.body().contains("\"bytesIn\":777,\"bytesOut\":888"), state.body());
            assertTrue(state.body().contains("{\"kind\":\"default\",\"match\":\"anything else\",\"verdict\":\"pool:web\"}"), state.body());

            HttpResponse<String> page = get(port, "/", null);
            assertTrue(page.body().contains("<canvas id=\"chart\""));
            assertTrue(page.body().contains("fetch(\"api/state\""));
            assertFalse(page.body().contains("http://") || page.body().contains("https://"), "the page loads nothing from elsewhere");
            assertEquals(404, get(port, "/nope", null).statusCode());
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
        } finally {
            server.stop();
        }
    }
}
