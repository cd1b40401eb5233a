package org.rookery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The admin HTTP listener in the distribution's bundle set: {@code /metrics} values that move when real
 * connections flow through a proxy service, and the lock-down of the admin surface: a non-loopback
 * address without a token is refused (and {@code health} says so), a token makes every request need it,
 * and the command server refuses a non-loopback address without {@code allow.remote}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AdminHttpIT extends RookeryTestSupport {

    @Inject
    private ConfigurationAdmin configAdmin;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** GET on loopback; returns status and body (the error body for 4xx). */
    private static String[] get(int port, String path, String token) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(10_000);
        if (token != null) {
            c.setRequestProperty("Authorization", "Bearer " + token);
        }
        int status = c.getResponseCode();
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            return new String[] {Integer.toString(status), in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8)};
        } finally {
            c.disconnect();
        }
    }

    private String metrics() throws IOException {
        String[] r = get(adminPort(), "/metrics", null);
        assertEquals(r[1], "200", r[0]);
        return r[1];
    }

    /** The value of one sample line, e.g. {@code rookery_node_new_flows_total{node="n1",pool="m"}}; -1 when absent. */
    private static double sample(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** One connection through the proxy: read the node's name, send bytes, read them echoed, close. */
    private static String roundTrip(int port, byte[] payload) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            StringBuilder name = new StringBuilder();
            int ch;
            while ((ch = in.read()) >= 0 && ch != '\n') {
                name.append((char) ch);
            }
            OutputStream out = s.getOutputStream();
            out.write(payload);
            s.shutdownOutput();
            int got = in.readAllBytes().length;
            assertEquals(payload.length, got);
            return name.toString();
        }
    }

    /** A scrape taken once a series has kept its value over two scrapes a little apart. */
    private String steady(String series) throws Exception {
        String last = metrics();
        for (int i = 0; i < 50; i++) {
            Thread.sleep(100);
            String now = metrics();
            if (sample(now, series) == sample(last, series) && sample(now, series) >= 0) {
                return now;
            }
            last = now;
        }
        return last;
    }

    @Test
    public void metricsMoveWhenTrafficFlows() throws Exception {
        assertTrue("admin HTTP not listening on " + adminPort() + ": " + shellQuietly("health"),
                eventually(20, () -> listening(adminPort())));
        try (Backends b = new Backends("n1", "n2")) {
            shell("pool add m --policy rr");
            for (Backends.Backend n : b.nodes) {
                shell("node add m " + n.name + " --addr 127.0.0.1:" + n.port() + " --weight 2");
            }
            int port = freePort();
            shell("service add m --vip 127.0.0.1 --port " + port + " --pool m --mode proxy");
            assertTrue("service m does not accept", eventually(10, () -> listening(port)));
            // the probe above was a connection too: take the figures once it has been counted
            String before = steady("rookery_service_new_flows_total{mode=\"proxy\",pool=\"m\",service=\"m\"}");
            double n1Before = sample(before, "rookery_node_new_flows_total{node=\"n1\",pool=\"m\"}");
            double n2Before = sample(before, "rookery_node_new_flows_total{node=\"n2\",pool=\"m\"}");
            double serviceBefore = sample(before, "rookery_service_new_flows_total{mode=\"proxy\",pool=\"m\",service=\"m\"}");
            double bytesBefore = sample(before, "rookery_datapath_bytes_in_total{datapath=\"proxy\"}");
            String n1In = "rookery_node_bytes_total{datapath=\"proxy\",direction=\"in\",node=\"n1\",pool=\"m\"}";
            String n2In = "rookery_node_bytes_total{datapath=\"proxy\",direction=\"in\",node=\"n2\",pool=\"m\"}";
            String n1Out = "rookery_node_bytes_total{datapath=\"proxy\",direction=\"out\",node=\"n1\",pool=\"m\"}";
            String connects = "rookery_datapath_connect_latency_seconds_count{datapath=\"proxy\",protocol=\"tcp\"}";
            double n1InBefore = sample(before, n1In);
            double n2InBefore = sample(before, n2In);
            double n1OutBefore = sample(before, n1Out);
            double connectsBefore = sample(before, connects);
            assertTrue(before, n1Before >= 0 && n2Before >= 0 && serviceBefore >= 0 && bytesBefore >= 0);
            assertTrue("every node of a proxied pool has its byte series from the start: " + before,
                    n1InBefore >= 0 && n2InBefore >= 0 && n1OutBefore >= 0 && connectsBefore >= 0);
            assertEquals(before, 2.0, sample(before, "rookery_pool_usable_nodes{pool=\"m\"}"), 0);
            assertEquals(before, 2.0, sample(before, "rookery_node_weight{node=\"n1\",pool=\"m\"}"), 0);
            assertEquals(before, 1.0, sample(before, "rookery_pool_policy_info{fallback=\"false\",policy=\"rr\",policy_in_use=\"rr\",pool=\"m\"}"), 0);

            byte[] payload = new byte[10_000];
            for (int i = 0; i < 20; i++) {
                roundTrip(port, payload);
            }
            String after = metrics();
            assertEquals(after, serviceBefore + 20, sample(after, "rookery_service_new_flows_total{mode=\"proxy\",pool=\"m\",service=\"m\"}"), 0);
            // round robin over two nodes: ten each
            assertEquals(after, n1Before + 10, sample(after, "rookery_node_new_flows_total{node=\"n1\",pool=\"m\"}"), 0);
            assertEquals(after, n2Before + 10, sample(after, "rookery_node_new_flows_total{node=\"n2\",pool=\"m\"}"), 0);
            assertTrue(after, sample(after, "rookery_datapath_bytes_in_total{datapath=\"proxy\"}") >= bytesBefore + 20 * 10_000);
            assertTrue(after, sample(after, "rookery_conntrack_inserts_total") >= 20);
            // per node: ten connections of 10,000 bytes each way; out is the echo plus the node's name line
            assertTrue(metrics(), eventually(5, () -> {
                try {
                    String m = metrics();
                    return sample(m, n1In) == n1InBefore + 100_000 && sample(m, n2In) == n2InBefore + 100_000
                            && sample(m, n1Out) >= n1OutBefore + 100_000 + 10 * "n1\n".length();
                } catch (IOException e) {
                    return false;
                }
            }));
            // every connection timed from its arrival to its node connection, in the histogram's buckets
            String timed = metrics();
            assertTrue(timed, sample(timed, connects) >= connectsBefore + 20);
            assertEquals(timed, sample(timed, connects),
                    sample(timed, "rookery_datapath_connect_latency_seconds_bucket{datapath=\"proxy\",protocol=\"tcp\",le=\"+Inf\"}"), 0);
            assertTrue(timed, sample(timed, "rookery_datapath_connect_latency_seconds_sum{datapath=\"proxy\",protocol=\"tcp\"}") > 0);
            String stats = shell("stats");
            assertTrue(stats, stats.matches("(?s).*\nlatency:proxy/tcp-connect count=\\d+ p50=\\S+ p99=\\S+(\n.*)?"));
            assertTrue(stats, stats.matches("(?s).*\nnode:m/n1 .*bytes-in=\\d{6,} bytes-out=\\d{6,}\n.*"));

            // the chain's explicit default verdict, in /api/state as in rule list
            String[] state = get(adminPort(), "/api/state", null);
            assertTrue(state[1], state[1].contains("{\"kind\":\"default\",\"match\":\"anything else\",\"verdict\":\"local\"}"));
            assertTrue(shell("rule list"), shell("rule list").contains("\ndefault verdict: local ("));

            // a node drained shows in its state set at once
            shell("node drain m n2");
            String drained = metrics();
            assertEquals(drained, 1.0, sample(drained, "rookery_node_state{node=\"n2\",pool=\"m\",rookery_node_state=\"draining\"}"), 0);
            assertEquals(drained, 0.0, sample(drained, "rookery_node_state{node=\"n2\",pool=\"m\",rookery_node_state=\"up\"}"), 0);
            assertEquals(drained, 1.0, sample(drained, "rookery_pool_usable_nodes{pool=\"m\"}"), 0);

            // a rule dropping the service's port: connections are refused and counted by reason
            double rulesBefore = sample(drained, "rookery_drops_total{reason=\"rule\"}");
            shell("rule add --dport " + port + " --to drop");
            for (int i = 0; i < 3; i++) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setSoTimeout(5000);
                    s.getInputStream().read(); // the proxy closes it
                } catch (IOException closed) {
                    // reset is as good as a close here
                }
            }
            assertTrue(metrics(), eventually(5, () -> {
                try {
                    return sample(metrics(), "rookery_drops_total{reason=\"rule\"}") >= Math.max(0, rulesBefore) + 3;
                } catch (IOException e) {
                    return false;
                }
            }));
            shell("rule del 1");

            // health-check results join the node's series: both backends accept, so both are up and counted
            shell("health set m --type tcp --interval 1 --timeout 1 --rise 1 --fall 2");
            assertTrue(metrics(), eventually(15, () -> {
                try {
                    String m = metrics();
                    return sample(m, "rookery_node_health_up{node=\"n1\",pool=\"m\"}") == 1.0
                            && sample(m, "rookery_node_health_up{node=\"n2\",pool=\"m\"}") == 1.0
                            && sample(m, "rookery_node_health_checks_total{node=\"n1\",pool=\"m\"}") >= 2;
                } catch (IOException e) {
                    return false;
                }
            }));
            shell("health del m");
            shell("service del m");
            shell("node del m n1");
            shell("node del m n2");
            shell("pool del m");
        }
    }

    @Test
    public void theAdminSurfaceStaysOnLoopbackUnlessGuarded() throws Exception {
        int port = freePort();
        Configuration admin = configAdmin.getConfiguration("org.rookery.admin", "?");
        try {
            Hashtable<String, Object> p = new Hashtable<>();
            p.put("address", "0.0.0.0");
            p.put("port", port);
            admin.update(p);
            assertTrue(shellQuietly("health"), eventually(10, () -> shellQuietly("health").contains(
                    "admin-http: admin HTTP refuses to listen on 0.0.0.0:" + port + ": no token is configured")));
            assertTrue(shellQuietly("health").startsWith("health: degraded"));
            assertTrue("a refused listener must not bind", !listening(port));

            p.put("token", "t0ken-for-test");
            admin.update(p);
            assertTrue(eventually(10, () -> listening(port)));
            assertTrue(!shellQuietly("health").contains("admin-http"));
            for (String path : new String[] {"/", "/metrics", "/api/state"}) {
                assertEquals(path, "401", get(port, path, null)[0]);
                assertEquals(path, "401", get(port, path, "wrong")[0]);
                assertEquals(path, "200", get(port, path, "t0ken-for-test")[0]);
            }
        } finally {
            admin.delete();
        }
        assertTrue(eventually(10, () -> listening(adminPort()) && !listening(port)));

        // the command server: no authentication at all, so off loopback it needs the explicit allow.remote
        Configuration shellConfig = configAdmin.getConfiguration("org.rookery.shell", "?");
        try {
            Hashtable<String, Object> p = new Hashtable<>();
            p.put("host", "0.0.0.0");
            p.put("port", freePort());
            shellConfig.update(p);
            assertTrue(shellQuietly("health"), eventually(10, () -> shellQuietly("health").contains(
                    "command-server: command server refuses to listen on 0.0.0.0: the shell has no authentication;"
                            + " keep it on 127.0.0.1 or set allow.remote=true in org.rookery.shell")));
            assertTrue(!listening((Integer) p.get("port")));
        } finally {
            shellConfig.delete();
        }
        assertTrue(eventually(10, () -> !shellQuietly("health").contains("command-server")));
    }
}
