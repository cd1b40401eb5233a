package org.rookery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.rookery.api.cluster.ClusterService;
import org.rookery.api.cluster.NodeStatus;
import org.rookery.api.health.HealthService;
import org.rookery.api.health.NodeHealth;
import org.rookery.api.load.AgentProtocol;
import org.rookery.api.load.LoadReceiver;
import org.rookery.api.load.LoadReport;
import org.rookery.api.model.NodeState;

/**
 * The front-end side of the node agents with real sockets on loopback: load reports from real agent
 * processes ({@code java -jar lib/node/rookery-node.jar}) steering {@code leastload}, TCP health checks
 * taking a killed node down and bringing it back, and forged or replayed reports dropped and counted.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NodeSideIT extends RookeryTestSupport {

    @Inject
    private ClusterService cluster;
    @Inject
    private HealthService health;
    @Inject
    private LoadReceiver receiver;
    @Inject
    private ConfigurationAdmin configAdmin;

    private final List<Process> agents = new ArrayList<>();

    @After
    public void stopAgents() throws InterruptedException {
        for (Process p : agents) {
            p.destroy();
            p.waitFor();
        }
        agents.clear();
    }

    private static Path work(String name) throws IOException {
        Path dir = Paths.get(System.getProperty("rookery.itest.work", "target/itest-work")).resolve("node-" + name).toAbsolutePath();
        Distribution.delete(dir);
        Files.createDirectories(dir);
        return dir;
    }

    private static Path keyFile(Path dir, String content) throws IOException {
        Path k = dir.resolve("agent.key");
        Files.writeString(k, content + "\n");
        return k;
    }

    /** Receiving on a fresh UDP port with a fresh key; returns the port. */
    private int agentReceiver(Path key) throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        // ten missed reports of 0.2 s: a busy test machine must not make loads flicker to unknown
        String out = shell("agent set --addr 127.0.0.1 --port " + port + " --key " + key + " --missed 10");
        assertTrue(out, out.contains("agent reports received on udp 127.0.0.1:" + port));
        return port;
    }

    /** A /proc tree for one agent: this machine's files, but the load average given. */
    private static Path procWithLoad(Path dir, String loadavg) throws IOException {
        Path proc = dir.resolve("proc");
        Files.createDirectories(proc.resolve("net"));
        for (String f : List.of("stat", "meminfo", "net/tcp")) {
            Files.write(proc.resolve(f), Files.readAllBytes(Paths.get("/proc", f)));
        }
        Files.writeString(proc.resolve("loadavg"), loadavg + " 0.00 0.00 1/100 1\n");
        return proc;
    }

    /** Starts a real node agent process reporting as {@code node}. */
    private void startAgent(Path dir, int port, Path key, String node, Path proc) throws IOException {
        Path jar = Paths.get(System.getProperty("rookery.distribution", "../distribution/target/rookery"), "lib/node/rookery-node.jar");
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toAbsolutePath().toString(), "--frontend", "127.0.0.1:" + port, "--node", node, "--key", key.toString(),
                "--interval", "0.2", "--no-autobind", "--index", "0", "--base", "20000", "--slice", "1000"));
        if (proc != null) {
            cmd.addAll(List.of("--proc", proc.toString()));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(node.replace('/', '-') + ".log").toFile())
                .start();
        agents.add(p);
    }

    private NodeStatus node(String pool, String name) {
        return cluster.nodes(pool).stream().filter(n -> n.node().name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    public void aNodeReportingHighLoadGetsFewerNewConnectionsUnderLeastload() throws Exception {
        Path dir = work("leastload");
        Path key = keyFile(dir, "leastload-test-shared-key-0123456789");
        int port = agentReceiver(key);
        try (Backends b = new Backends("l1", "l2", "l3")) {
            int svc = proxyService("ll", "leastload", b);
            startAgent(dir, port, key, "ll/l1", procWithLoad(dir.resolve("l1"), "0.05"));
            startAgent(dir, port, key, "ll/l2", procWithLoad(dir.resolve("l2"), "0.05"));
            startAgent(dir, port, key, "ll/l3", procWithLoad(dir.resolve("l3"), "64.00"));
            assertTrue("every node reports: " + shell("node list ll") + shell("agent show"), eventually(30,
                    () -> cluster.nodes("ll").stream().allMatch(n -> n.load() != null)));
            String list = shell("node list ll");
            assertTrue(list, list.contains("REPORT") && list.matches("(?s).*l3 .* [0-9.]+s ago.*"));
            String show = shell("agent show");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("ll/l3 +([0-9.]+) ").matcher(show);
            assertTrue(show, m.find() && Double.parseDouble(m.group(1)) >= 1.0); // 64 per CPU count, whatever it is
            Map<String, Integer> seen = new TreeMap<>();
            for (int i = 0; i < 60; i++) {
                seen.merge(nameOf(svc), 1, Integer::sum);
            }
            int high = seen.getOrDefault("l3", 0);
            int low = Math.min(seen.getOrDefault("l1", 0), seen.getOrDefault("l2", 0));
            assertTrue("the loaded node gets measurably fewer: " + seen, high * 4 < low && low > 0);
            assertTrue(receiver.counters().get("accepted") >= 3);
            assertEquals(Long.valueOf(0), receiver.counters().get("bad-signature"));

            // the agents stop: after the missed reports the loads are unknown and leastload falls back to wlc
            stopAgents();
            assertTrue("loads become unknown: " + shell("node list ll"), eventually(30,
                    () -> cluster.nodes("ll").stream().allMatch(n -> n.load() == null)));
            Map<String, Integer> after = new TreeMap<>();
            for (int i = 0; i < 30; i++) {
                after.merge(nameOf(svc), 1, Integer::sum);
            }
            assertTrue("with wlc every node gets new connections again: " + after, after.getOrDefault("l3", 0) > 0);
        }
    }

    @Test
    public void aKilledNodeGoesDownGetsNoNewConnectionsAndComesBackWhenRestarted() throws Exception {
        try (Backends b = new Backends("h1", "h2", "h3")) {
            int svc = proxyService("hc", "rr", b);
            String set = shell("health set hc --type tcp --interval 0.2 --timeout 0.5 --rise 2 --fall 3");
            assertTrue(set, set.contains("health check of pool hc set: tcp interval 0.2s timeout 0.5s rise 2 fall 3"));
            assertTrue(eventually(10, () -> health.health("hc", "h2") != null && health.health("hc", "h2").checks() >= 3));
            assertEquals(NodeState.UP, node("hc", "h2").state());
            assertEquals(0, health.health("hc", "h2").transitions());

            b.stop("h2");
            assertTrue("h2 goes down: " + shellQuietly("health show hc"), eventually(20, () -> node("hc", "h2").state() == NodeState.DOWN));
            NodeHealth failed = health.health("hc", "h2");
            assertFalse(failed.healthy());
            assertEquals(1, failed.transitions());
            assertTrue(failed.toString(), failed.failures() >= 3 && failed.lastResult().equals("connect refused"));
            assertEquals("the operator's state is not touched", NodeState.UP, node("hc", "h2").node().state());
            String list = shell("node list hc");
            assertTrue(list, list.contains("down (health)") && list.contains("failed (connect refused)"));
            String stats = shell("stats");
            assertTrue(stats, stats.contains("health:hc/h2 state=failed"));
            long before = b.get("h2").connections.get();
            for (int i = 0; i < 30; i++) {
                assertNotEquals("h2", nameOf(svc));
            }
            assertEquals("no new connection reaches the down node", before, b.get("h2").connections.get());

            b.restart("h2");
            assertTrue("h2 comes back: " + shellQuietly("health show hc"), eventually(20, () -> node("hc", "h2").state() == NodeState.UP));
            assertEquals(2, health.health("hc", "h2").transitions());
            assertTrue(health.health("hc", "h2").successes() >= 2);
            boolean reached = false;
            for (int i = 0; i < 30 && !reached; i++) {
                reached = nameOf(svc).equals("h2");
            }
            assertTrue("the recovered node takes new connections", reached);

            // an operator's drain wins over recovery, and a failed drained node stays drained
            shell("node drain hc h3");
            b.stop("h3");
            assertTrue(eventually(20, () -> health.health("hc", "h3") != null && !health.health("hc", "h3").healthy()));
            assertEquals(NodeState.DRAINING, node("hc", "h3").state());
            b.restart("h3");
            assertTrue(eventually(20, () -> health.health("hc", "h3").healthy()));
            assertEquals(NodeState.DRAINING, node("hc", "h3").state());

            shell("health del hc");
            assertTrue(health.checks().stream().noneMatch(c -> c.pool().equals("hc")));
        }
    }

    @Test
    public void forgedUnsignedAndReplayedReportsAreDroppedAndCounted() throws Exception {
        Path dir = work("forged");
        byte[] key = "forgery-test-shared-key-0123456789".getBytes(StandardCharsets.US_ASCII);
        int port = agentReceiver(keyFile(dir, new String(key, StandardCharsets.US_ASCII)));
        shell("pool add fg --policy leastload");
        shell("node add fg f1 --addr 127.0.0.1:9");
        Map<String, Long> c0 = receiver.counters();
        long now = System.currentTimeMillis();
        LoadReport good = new LoadReport("fg/f1", now * 1000, now, 1000, 0.5, 1, 0.5, 0, 0.5, -1);
        byte[] signed = AgentProtocol.encodeReport(good, key);
        byte[] forged = AgentProtocol.encodeReport(new LoadReport("fg/f1", now * 1000 + 5, now, 1000, 0.01, 1, 0.01, 0, 0.1, -1),
                "an-attacker-guessed-this-key".getBytes(StandardCharsets.US_ASCII));
        byte[] unsigned = AgentProtocol.unsigned(AgentProtocol.encodeReport(
                new LoadReport("fg/f1", now * 1000 + 6, now, 1000, 0.01, 1, 0.01, 0, 0.1, -1), key));
        byte[] stale = AgentProtocol.encodeReport(new LoadReport("fg/f1", now * 1000 + 7, now - 60_000, 1000, 0.01, 1, 0.01, 0,
                0.1, -1), key);
        try (DatagramSocket s = new DatagramSocket()) {
            for (byte[] d : List.of(signed, signed, forged, unsigned, stale)) {
                s.send(new DatagramPacket(d, d.length, InetAddress.getLoopbackAddress(), port));
            }
        }
        assertTrue("five reports judged: " + receiver.counters(), eventually(10, () -> total(receiver.counters()) - total(c0) == 5));
        Map<String, Long> c = receiver.counters();
        assertEquals(1, c.get("accepted") - c0.get("accepted"));
        assertEquals(1, c.get("replayed") - c0.get("replayed"));
        assertEquals(1, c.get("bad-signature") - c0.get("bad-signature"));
        assertEquals(1, c.get("unsigned") - c0.get("unsigned"));
        assertEquals(1, c.get("stale") - c0.get("stale"));
        assertEquals("only the genuine report's load counts", 0.5, node("fg", "f1").load().normalised(), 1e-9);
        String show = shell("agent show");
        assertTrue(show, show.contains("bad-signature=") && show.contains("replayed="));
        String stats = shell("stats");
        assertTrue(stats, stats.contains("agent accepted="));

        // a node without --index/--base/--slice asks the front-end for its slice, signed, over the same port
        // small slices low down: the other tests' services listen on ephemeral ports, which slices must not cover
        shell("portspace set --base 1100 --slice 10");
        int index = node("fg", "f1").node().index();
        Path jar = Paths.get(System.getProperty("rookery.distribution", "../distribution/target/rookery"), "lib/node/rookery-node.jar");
        Process p = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toAbsolutePath().toString(), "autobind", "show", "--frontend", "127.0.0.1:" + port, "--node", "fg/f1",
                "--key", dir.resolve("agent.key").toString()).redirectErrorStream(true).start();
        String shown = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(shown, 0, p.waitFor());
        int first = 1100 + index * 10;
        assertTrue(shown, shown.contains("slice: index " + index + " ports " + first + "-" + (first + 9)));
        assertTrue(receiver.counters().get("slice-requests") >= 1);
        shell("portspace off");
    }

    private static long total(Map<String, Long> c) {
        return c.entrySet().stream().filter(e -> !e.getKey().equals("slice-requests")).mapToLong(Map.Entry::getValue).sum();
    }

    /** Runs {@code bin/rookery-node ARGS} of the built distribution, its data in {@code data}; returns status and output. */
    private static String[] rookeryNode(Path data, String... args) throws Exception {
        Path script = Paths.get(System.getProperty("rookery.distribution", "../distribution/target/rookery"), "bin/rookery-node");
        List<String> cmd = new ArrayList<>(List.of(script.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(new File("/dev/null"));
        pb.environment().put("ROOKERY_DATA", data.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new String[] {Integer.toString(p.waitFor()), out};
    }

    @Test
    public void binRookeryNodeStartsInTheBackgroundReportsAndStops() throws Exception {
        Path dir = work("script");
        Path key = keyFile(dir, "script-test-shared-key-0123456789");
        int port = agentReceiver(key);
        shell("pool add sc --policy leastload");
        shell("node add sc s1 --addr 127.0.0.1:9");
        String[] common = {"--frontend", "127.0.0.1:" + port, "--node", "sc/s1", "--key", key.toString(), "--interval", "0.2",
            "--no-autobind", "--index", "0", "--base", "20000", "--slice", "1000"};
        List<String> start = new ArrayList<>(List.of("start"));
        start.addAll(List.of(common));
        String[] r = rookeryNode(dir, start.toArray(new String[0]));
        try {
            assertEquals(r[1], "0", r[0]);
            assertTrue(r[1], r[1].contains("rookery-node: sc/s1 started"));
            assertTrue("reports arrive: " + shell("agent show"), eventually(20, () -> node("sc", "s1").load() != null));
            r = rookeryNode(dir, "status", "--node", "sc/s1");
            assertEquals(r[1], "0", r[0]);
            assertTrue(r[1], r[1].contains("sc/s1 running"));
        } finally {
            r = rookeryNode(dir, "stop", "--node", "sc/s1");
        }
        assertTrue(r[1], r[1].contains("sc/s1 stopped"));
        r = rookeryNode(dir, "status", "--node", "sc/s1");
        assertEquals(r[1], "3", r[0]);
        r = rookeryNode(dir, "start", "--node", "sc/s2", "--frontend", "127.0.0.1");
        assertEquals(r[1], "1", r[0]);
        assertTrue(r[1], r[1].contains("failed to start") && r[1].contains("missing --key"));
    }

    @Test
    public void aRestartedAgentAndAnAutobindShowBesideItAreNotTakenForReplays() throws Exception {
        Path dir = work("restart");
        Path key = keyFile(dir, "restart-test-shared-key-0123456789");
        int port = agentReceiver(key);
        shell("pool add rs --policy leastload");
        shell("node add rs r1 --addr 127.0.0.1:9");
        startAgent(dir, port, key, "rs/r1", null);
        assertTrue("reports arrive: " + shell("agent show"), eventually(20, () -> node("rs", "r1").load() != null));
        long replayed = receiver.counters().get("replayed");

        // a second process speaking for the same node, started later: its slice request is accepted...
        shell("portspace set --base 1100 --slice 10");
        Path jar = Paths.get(System.getProperty("rookery.distribution", "../distribution/target/rookery"), "lib/node/rookery-node.jar");
        Process show = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toAbsolutePath().toString(), "autobind", "show", "--frontend", "127.0.0.1:" + port, "--node", "rs/r1",
                "--key", key.toString()).redirectErrorStream(true).start();
        String shown = new String(show.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(shown, 0, show.waitFor());
        shell("portspace off");
        // ...and the running agent's next reports still are: sequences are the clock, not a count from its start
        long accepted = receiver.counters().get("accepted");
        assertTrue("the agent goes on being accepted: " + receiver.counters(),
                eventually(20, () -> receiver.counters().get("accepted") >= accepted + 3));
        assertEquals("nothing taken for a replay: " + receiver.counters(), replayed, (long) receiver.counters().get("replayed"));

        // the agent restarts: its first report is accepted at once
        stopAgents();
        long before = receiver.counters().get("accepted");
        startAgent(dir, port, key, "rs/r1", null);
        assertTrue("the restarted agent is accepted: " + receiver.counters(),
                eventually(20, () -> receiver.counters().get("accepted") >= before + 2));
        assertEquals("nothing taken for a replay: " + receiver.counters(), replayed, (long) receiver.counters().get("replayed"));
    }

    @Test
    public void configExportCarriesHealthChecksAndTheAgentReceiverAndPoolDelTakesItsCheck() throws Exception {
        Path dir = work("export");
        Path key = keyFile(dir, "export-test-shared-key-0123456789");
        int port = agentReceiver(key);
        shell("pool add ex --policy rr");
        shell("node add ex e1 --addr 127.0.0.1:9");
        shell("health set ex --type http --path /ready --expect 204 --interval 0.5 --timeout 0.3 --rise 1 --fall 2");
        Path file = dir.resolve("all.cfg");
        String out = shell("rookery:config export " + file);
        assertTrue(out, out.contains("health check") && out.contains("agent receiver on"));
        String text = Files.readString(file);
        assertTrue(text, text.contains("\nhealth set ex --type http --interval 0.5 --timeout 0.3 --rise 1 --fall 2 --path /ready --expect 204\n"));
        assertTrue(text, text.contains("\nagent set --addr 127.0.0.1 --port " + port + " --key " + key + " --missed 10 --max-age 5\n"));
        assertEquals("no changes", shell("rookery:config diff " + file).trim());

        // both go; the file brings them back
        shell("health del ex");
        shell("agent off");
        String diff = shell("rookery:config diff " + file);
        assertTrue(diff, diff.contains("+ agent address=127.0.0.1 port=" + port) && diff.contains("+ health ex type=http interval=0.5s"));
        assertEquals("a diff changes nothing", null, receiver.settings());
        String imported = shell("rookery:config import " + file);
        assertTrue(imported, imported.contains("imported " + file + ": 2 changes"));
        assertEquals(port, receiver.settings().port());
        assertEquals(key.toString(), receiver.settings().keyFile());
        assertEquals("/ready", health.checks().stream().filter(c -> c.pool().equals("ex")).findFirst().orElseThrow().path());
        assertEquals("no changes", shell("rookery:config diff " + file).trim());

        // a bad line: refused with its number, nothing changed
        Path bad = dir.resolve("bad.cfg");
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.add("health set nopool --type tcp");
        lines.add("agent set --port 0 --key " + key);
        Files.write(bad, lines);
        String refused = shellQuietly("rookery:config import " + bad);
        assertTrue(refused, refused.contains("cannot import " + bad + ": 2 errors; nothing changed"));
        assertTrue(refused, refused.contains("line " + (lines.size() - 1) + ": health check of pool nopool: the file has no pool nopool"));
        assertTrue(refused, refused.contains("line " + lines.size() + ": --port '0' is not a whole number in 1-65535"));
        assertEquals(port, receiver.settings().port());

        // the pool goes, and its check with it: no orphan left to probe or to store
        shell("node del ex e1");
        shell("pool del ex");
        assertTrue("the check of the deleted pool is gone: " + shellQuietly("health show"),
                eventually(10, () -> health.checks().stream().noneMatch(c -> c.pool().equals("ex"))));
        Configuration[] stored = configAdmin.listConfigurations("(&(service.factoryPid=org.rookery.health)(pool=ex))");
        assertEquals("its stored configuration is deleted", null, stored);
        shell("agent off");
    }

    @Test
    public void badSettingsAreRefusedWithOneLineAndChangeNothing() throws Exception {
        Path dir = work("bad");
        Path shortKey = keyFile(dir, "short");
        String before = shell("agent show").lines().findFirst().orElse(""); // the settings line; ages below it move
        String out = shellQuietly("agent set --port 7999 --key " + shortKey);
        assertTrue(out, out.contains("at least 16"));
        out = shellQuietly("agent set --port 7999 --key " + new File(dir.toFile(), "missing.key"));
        assertTrue(out, out.contains("cannot read key file"));
        assertEquals(before, shell("agent show").lines().findFirst().orElse(""));
        out = shellQuietly("health set nosuchpool --type tcp");
        assertTrue(out, out.contains("no pool named nosuchpool"));
        out = shellQuietly("health set fgx --type ping");
        assertTrue(out, out.contains("no pool") || out.contains("not a check type"));
    }
}
