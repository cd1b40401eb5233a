package org.rookery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Issue 7, test 6(a): a node's own outgoing connections leave the cluster from the VIP with a source port in
 * that node's private slice, and the replies come back to it through the front-end. In the namespace test bed
 * (mode nat: the nodes route through the front-end, the client sits behind it), the distribution's Rookery runs
 * in the front-end namespace and the distribution's {@code bin/rookery-node} runs in each node namespace: it
 * asks the front-end for its slice over the signed agent protocol and applies it (the namespace's
 * {@code ip_local_port_range}). Then plain {@code curl}, binding nothing, connects from the node to a server in
 * the client namespace; the server says which address and port it saw. Without autobind the same curl gets no
 * answer at all (its source port lies in no slice, so the front-end does not translate it), and with a wrong
 * slice routing the server's answer would reach another node, which resets it.
 */
public class NodeAutobindIT {

    private static final int SERVER_PORT = 8000;
    private static final int AGENT_PORT = 7070;

    private static TestBed bed;
    private static Path work;
    private static Path key;
    private static Process server;

    @BeforeClass
    public static void up() throws Exception {
        TestBed.requireRoot("NodeAutobindIT");
        work = Paths.get(System.getProperty("rookery.itest.work", "target/itest-work"), "node-autobind").toAbsolutePath();
        Distribution.delete(work);
        Files.createDirectories(work);
        bed = TestBed.up("nat");
        bed.startRookery();
        Distribution.Result r = bed.rookery("configure", "--mode", "nat", "--policy", "rr");
        assertTrue("configure nat: " + r, r.ok());
        key = work.resolve("agent.key");
        Files.writeString(key, "node-autobind-test-shared-key-0123456789\n");
        r = bed.exec("agent set --addr " + bed.get("FE_IP") + " --port " + AGENT_PORT + " --key " + key + " --missed 10");
        assertTrue("agent set: " + r, r.ok() && r.out().contains("agent reports received on udp " + bed.get("FE_IP") + ":" + AGENT_PORT));
        // the peer in the client namespace: answers each connection with the address and port it saw
        server = bed.start("cl", work.resolve("server.log"), "python3", bed.script.resolveSibling("node_server.py").toString(), "cl",
                "--http", Integer.toString(SERVER_PORT), "--udp", "");
        String seen = "";
        for (int i = 0; i < 50 && !seen.startsWith("cl "); i++) {
            Thread.sleep(100);
            seen = bed.run("cl", "curl", "-sS", "-m", "2", url("/")).out();
        }
        assertTrue("the server in the client namespace answers: " + seen, seen.startsWith("cl client=" + bed.get("CL_IP") + ":"));
    }

    @AfterClass
    public static void down() throws Exception {
        if (bed != null) {
            for (int n = 1; n <= 3; n++) {
                rookeryNode(n, "stop", "--node", "web/n" + n);
            }
            if (server != null) {
                server.destroy();
                server.waitFor(10, TimeUnit.SECONDS);
            }
            bed.close();
            bed = null;
        }
    }

    /** Every test starts from nodes without autobind: no node process, the kernel's default port range. */
    @Before
    public void noAutobind() throws Exception {
        for (int n = 1; n <= 3; n++) {
            rookeryNode(n, "stop", "--node", "web/n" + n);
            Distribution.Result r = bed.run("n" + n, "sysctl", "-qw", "net.ipv4.ip_local_port_range=32768 60999");
            assertTrue(r.toString(), r.ok());
        }
    }

    private static String url(String path) {
        return "http://" + bed.get("CL_IP") + ":" + SERVER_PORT + path;
    }

    /** {@code bin/rookery-node ARGS} of the distribution inside node n's namespace, its data in the work directory. */
    private static Distribution.Result rookeryNode(int n, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("env", "ROOKERY_DATA=" + work.resolve("n" + n + "-data"),
                "JAVA_HOME=" + System.getProperty("java.home"), bed.distribution.resolve("bin/rookery-node").toString()));
        cmd.addAll(List.of(args));
        return bed.run("n" + n, cmd.toArray(String[]::new));
    }

    /**
     * Starts the node side on node n as an operator would, asking the front-end for its slice, and waits until
     * its namespace has the slice as local port range; returns the slice's first port.
     */
    private static int startNodeSide(int n, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("start", "--frontend", bed.get("FE_IP") + ":" + AGENT_PORT, "--node", "web/n" + n,
                "--key", key.toString(), "--interval", "0.5"));
        args.addAll(List.of(extra));
        Distribution.Result r = rookeryNode(n, args.toArray(String[]::new));
        assertTrue("rookery-node start on n" + n + ": " + r, r.ok() && r.out().contains("web/n" + n + " started"));
        int first = Integer.parseInt(bed.get("PORTSPACE_BASE")) + (n - 1) * Integer.parseInt(bed.get("PORTSPACE_SLICE"));
        int last = first + Integer.parseInt(bed.get("PORTSPACE_SLICE")) - 1;
        String range = "";
        for (int i = 0; i < 100 && !range.equals(first + "\t" + last); i++) {
            Thread.sleep(100);
            range = bed.run("n" + n, "cat", "/proc/sys/net/ipv4/ip_local_port_range").out().trim();
        }
        assertEquals("n" + n + "'s namespace takes its slice; log:\n" + log(n), first + "\t" + last, range);
        Distribution.Result show = rookeryNode(n, "autobind", "show", "--frontend", bed.get("FE_IP") + ":" + AGENT_PORT,
                "--node", "web/n" + n, "--key", key.toString());
        assertTrue(show.toString(), show.ok() && show.out().contains("ip_local_port_range: " + first + "-" + last + " (applied)"));
        // the front-end's grant names the VIP; in nat it stays off the node, the front-end gives it to outgoing frames
        assertTrue(show.toString(), show.out().contains("vip: " + bed.get("VIP") + " (not on this node: right for nat"));
        return first;
    }

    private static String log(int n) throws Exception {
        Path f = work.resolve("n" + n + "-data/log/rookery-node-web-n" + n + ".log");
        return Files.exists(f) ? Files.readString(f) : "(no log " + f + ")";
    }

    /** The address and port the server saw in an answer line ending "cl client=IP:PORT ...". */
    private static String[] peer(String answer) {
        Matcher m = Pattern.compile("cl client=([0-9.]+):([0-9]+)").matcher(answer);
        assertTrue("an answer from the client namespace's server: " + answer, m.find());
        return new String[] {m.group(1), m.group(2)};
    }

    private static long natOut() throws Exception {
        String capture = bed.exec("capture").out();
        Matcher m = Pattern.compile("nat-out=([0-9]+)").matcher(capture);
        assertTrue(capture, m.find());
        return Long.parseLong(m.group(1));
    }

    @Test
    public void aNodesOwnConnectionLeavesFromTheVipWithAPortOfItsSliceAndCompletesBothWays() throws Exception {
        String vip = bed.get("VIP");
        // the control: without autobind the node's port lies in no slice, the front-end leaves it alone, no answer
        Distribution.Result plain = bed.run("n2", "curl", "-sS", "-m", "3", url("/"));
        assertFalse("without autobind nothing gets through: " + plain, plain.ok());

        int first = startNodeSide(2);
        long natOutBefore = natOut();
        Distribution.Result r = bed.run("n2", "curl", "-sS", "-m", "10", url("/"));
        assertTrue("curl from n2 to the client namespace through the front-end: " + r + "\ncapture:\n" + bed.exec("capture").out(),
                r.ok());
        String[] seen = peer(r.out());
        assertEquals("the server sees the VIP as source", vip, seen[0]);
        int port = Integer.parseInt(seen[1]);
        assertTrue("source port " + port + " in n2's slice " + first + "-" + (first + 999), port >= first && port <= first + 999);

        // both directions carry data: 1 MB up (the server counts and sums it) and 2 MB down, on one connection each
        Path up = work.resolve("up.bin");
        byte[] body = new byte[1_000_000];
        long sum = 0;
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31 + 7);
            sum += body[i] & 0xff;
        }
        Files.write(up, body);
        Distribution.Result post = bed.run("n2", "curl", "-sS", "-m", "30", "--data-binary", "@" + up, url("/upload"));
        assertTrue(post.toString(), post.ok());
        assertTrue("every byte sent arrived: " + post.out(), post.out().contains(" received=1000000 sum=" + (sum & 0xffffffffL)));
        assertEquals(vip, peer(post.out())[0]);
        Distribution.Result big = bed.run("n2", "curl", "-sS", "-m", "30", url("/big?bytes=2000000"));
        assertTrue(big.toString(), big.ok());
        assertEquals("every byte came back", 2_000_000, big.out().indexOf('\n'));
        String[] bigPeer = peer(big.out().substring(2_000_000));
        assertEquals(vip, bigPeer[0]);
        port = Integer.parseInt(bigPeer[1]);
        assertTrue("source port " + port + " in n2's slice", port >= first && port <= first + 999);
        assertTrue("the node's frames went out through the front-end's NAT", natOut() > natOutBefore);
    }

    @Test
    public void nodesOneTwoAndThreeAtOnceEachLeaveFromTheVipWithinTheirOwnSlice() throws Exception {
        String vip = bed.get("VIP");
        int[] first = new int[4];
        for (int n = 1; n <= 3; n++) {
            first[n] = startNodeSide(n);
        }
        // three transfers at once, about 2 s each at 1 MB/s, so that their connections overlap in the front-end
        int bytes = 2_000_000;
        List<Process> running = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            running.add(bed.start("n" + n, work.resolve("n" + n + ".err"), "curl", "-sS", "-m", "30", "-o",
                    work.resolve("n" + n + ".body").toString(), url("/big?bytes=" + bytes + "&rate=1000000")));
        }
        for (int n = 1; n <= 3; n++) {
            Process p = running.get(n - 1);
            assertTrue("transfer of n" + n + " ended", p.waitFor(60, TimeUnit.SECONDS));
            assertEquals("transfer of n" + n + ": " + Files.readString(work.resolve("n" + n + ".err")), 0, p.exitValue());
            String body = Files.readString(work.resolve("n" + n + ".body"));
            assertEquals("every byte came back to n" + n, bytes, body.indexOf('\n'));
            String[] seen = peer(body.substring(bytes));
            assertEquals("n" + n + " leaves from the VIP", vip, seen[0]);
            int port = Integer.parseInt(seen[1]);
            assertTrue("n" + n + "'s source port " + port + " in its slice " + first[n] + "-" + (first[n] + 999),
                    port >= first[n] && port <= first[n] + 999);
        }
        // and short exchanges from all three, interleaved: each answer comes back to the node that asked
        for (int round = 0; round < 3; round++) {
            for (int n = 1; n <= 3; n++) {
                Distribution.Result r = bed.run("n" + n, "curl", "-sS", "-m", "10", url("/"));
                assertTrue("n" + n + ": " + r, r.ok());
                String[] seen = peer(r.out());
                int port = Integer.parseInt(seen[1]);
                assertTrue("n" + n + ": " + r.out(), seen[0].equals(vip) && port >= first[n] && port <= first[n] + 999);
            }
        }
        // the front-end knows them as reporting nodes: the agent side of the same processes
        String list = bed.exec("node list web").out();
        for (int n = 1; n <= 3; n++) {
            assertTrue(list, Pattern.compile("(?m)\\bn" + n + "\\b.* [0-9.]+s ago").matcher(list).find());
        }
    }

    /** A /proc tree for node n's agent: the namespace's own files, but the load average given. */
    private static Path procWithLoad(int n, String loadavg) throws Exception {
        Path proc = work.resolve("proc-n" + n);
        Files.createDirectories(proc.resolve("net"));
        for (String f : List.of("stat", "meminfo", "net/tcp")) {
            Distribution.Result r = bed.run("n" + n, "cat", "/proc/" + f);
            assertTrue(r.toString(), r.ok());
            Files.writeString(proc.resolve(f), r.out());
        }
        Files.writeString(proc.resolve("loadavg"), loadavg + " 0.00 0.00 1/100 1\n");
        return proc;
    }

    /** The pids of node_server.py in node n's namespace, found among that namespace's processes (never by name alone). */
    private static List<String> serverPids(int n) throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "pids", bed.get("NS_N" + n)).redirectErrorStream(true).start();
        String pids = new String(p.getInputStream().readAllBytes());
        assertEquals(pids, 0, p.waitFor());
        List<String> out = new ArrayList<>();
        for (String pid : pids.trim().split("\\s+")) {
            Path cmdline = Paths.get("/proc", pid, "cmdline");
            if (!pid.isEmpty() && Files.exists(cmdline) && new String(Files.readAllBytes(cmdline)).contains("node_server.py")) {
                out.add(pid);
            }
        }
        return out;
    }

    private static Map<String, Integer> spread(int connections) throws Exception {
        Map<String, Integer> seen = new TreeMap<>();
        for (int i = 0; i < connections; i++) {
            Distribution.Result r = bed.run("cl", "curl", "-sS", "-m", "5", "-H", "Connection: close", "http://" + bed.get("VIP") + "/");
            seen.merge(r.ok() ? TestBed.node(r.out()) : "failed: " + r.err().trim(), 1, Integer::sum);
        }
        return seen;
    }

    private static boolean eventually(int seconds, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.call()) {
                return true;
            }
            Thread.sleep(200);
        }
        return condition.call();
    }

    /**
     * 6(b) and 6(c) in the bed: the node agents' reports steer {@code leastload} away from a loaded node, and a TCP
     * health check takes a node whose server is killed out of the spread and brings it back when it is restarted.
     */
    @Test
    public void leastloadAvoidsALoadedNodeAndAHealthCheckTakesADeadServerOutAndBack() throws Exception {
        String vip = bed.get("VIP");
        Process restarted = null;
        try {
            assertTrue(bed.exec("pool set web --policy leastload").ok());
            startNodeSide(1, "--proc", procWithLoad(1, "0.05").toString());
            startNodeSide(2, "--proc", procWithLoad(2, "0.05").toString());
            startNodeSide(3, "--proc", procWithLoad(3, "64.00").toString());
            assertTrue("every node reports its load: " + bed.exec("node list web").out(), eventually(30, () -> {
                String list = bed.exec("node list web").out();
                return Pattern.compile("(?m)\\bn1\\b.* [0-9.]+s ago").matcher(list).find()
                        && Pattern.compile("(?m)\\bn2\\b.* [0-9.]+s ago").matcher(list).find()
                        && Pattern.compile("(?m)\\bn3\\b.* [0-9.]+s ago").matcher(list).find() && !list.contains("unknown");
            }));
            Map<String, Integer> seen = spread(30);
            int low = Math.min(seen.getOrDefault("n1", 0), seen.getOrDefault("n2", 0));
            assertTrue("the loaded node n3 gets measurably fewer new connections: " + seen, seen.getOrDefault("n3", 0) * 4 < low);

            // 6(c): a TCP check; n2's server is killed, n2 goes down and gets nothing; restarted, it comes back
            assertTrue(bed.exec("pool set web --policy rr").ok());
            Distribution.Result set = bed.exec("health set web --type tcp --interval 0.2 --timeout 1 --rise 2 --fall 3");
            assertTrue(set.toString(), set.ok() && set.out().contains("health check of pool web set: tcp"));
            // every node passes its checks (on the web service's TCP port, not the echo service's UDP one) before
            assertTrue("all three checked ok: " + bed.exec("health show web").out(), eventually(20,
                    () -> Pattern.compile("(?m)^web\\s+n[123]\\s+ok\\s+up\\s+ok\\s+([3-9]|\\d\\d+)\\s")
                            .matcher(bed.exec("health show web").out()).results().count() == 3));
            assertEquals("every node serves before: ", 3, spread(6).size());
            List<String> killed = serverPids(2);
            assertEquals("one server in n2: " + killed, 1, killed.size());
            assertEquals(0, new ProcessBuilder("kill", killed.get(0)).start().waitFor());
            assertTrue("n2 goes down: " + bed.exec("health show web").out(),
                    eventually(20, () -> Pattern.compile("(?m)^web\\s+n2\\s+failed\\s+down\\s+connect refused")
                            .matcher(bed.exec("health show web").out()).find()));
            Map<String, Integer> without = spread(9);
            assertEquals("no new connection reaches the down node: " + without + "\n" + bed.exec("health show web").out() + "\n"
                    + bed.exec("capture").out() + "\n" + bed.exec("stats").out(), java.util.Set.of("n1", "n3"), without.keySet());
            restarted = bed.start("n2", work.resolve("n2-server.log"), "python3", bed.script.resolveSibling("node_server.py").toString(),
                    "n2", "--http", "80,20001,21001,22001", "--udp", "9000,20001,21001,22001");
            assertTrue("n2 comes back: " + bed.exec("health show web").out(),
                    eventually(20, () -> Pattern.compile("(?m)^web\\s+n2\\s+ok\\s+up\\s")
                            .matcher(bed.exec("health show web").out()).find()));
            assertTrue("the recovered node takes new connections again", spread(6).containsKey("n2"));
        } finally {
            bed.exec("health del web");
            bed.exec("pool set web --policy rr");
            if (restarted == null && serverPids(2).isEmpty()) { // failed between kill and restart: the other tests need it
                bed.start("n2", work.resolve("n2-server.log"), "python3", bed.script.resolveSibling("node_server.py").toString(),
                        "n2", "--http", "80,20001,21001,22001", "--udp", "9000,20001,21001,22001");
            }
        }
    }

    /** The receiver's counters from {@code agent show} ("reports: accepted=N ..."). */
    private static Map<String, Long> agentCounters() throws Exception {
        Map<String, Long> m = new TreeMap<>();
        Matcher x = Pattern.compile("([a-z-]+)=([0-9]+)").matcher(bed.exec("agent show").out().lines()
                .filter(l -> l.startsWith("reports:")).findFirst().orElse(""));
        while (x.find()) {
            m.put(x.group(1), Long.parseLong(x.group(2)));
        }
        return m;
    }

    /** Sends one datagram from node n's namespace to the front-end's agent port. */
    private static void sendFrom(int n, byte[] datagram) throws Exception {
        StringBuilder hex = new StringBuilder();
        for (byte b : datagram) {
            hex.append(String.format("%02x", b));
        }
        Distribution.Result r = bed.run("n" + n, "python3", "-c", "import socket,sys; socket.socket(socket.AF_INET, socket.SOCK_DGRAM)"
                + ".sendto(bytes.fromhex(sys.argv[1]), (sys.argv[2], int(sys.argv[3])))", hex.toString(), bed.get("FE_IP"),
                Integer.toString(AGENT_PORT));
        assertTrue(r.toString(), r.ok());
    }

    /** 6(d) in the bed: a real report captured on node 1's wire, played back, tampered with or stripped, is dropped and counted. */
    @Test
    public void capturedReportsPlayedBackForgedOrUnsignedAreDroppedAndCounted() throws Exception {
        startNodeSide(1);
        Path pcap = work.resolve("agent.pcap");
        Process dump = bed.start("n1", work.resolve("tcpdump.txt"), "tcpdump", "-i", "eth0", "-n", "-U", "-c", "1", "-w", pcap.toString(),
                "udp and dst port " + AGENT_PORT);
        assertTrue("tcpdump caught a report", dump.waitFor(30, TimeUnit.SECONDS));
        List<byte[]> frames = PcapFile.frames(pcap);
        assertEquals(1, frames.size());
        byte[] ip = PcapFile.ipv4(frames.get(0));
        int l4 = (ip[0] & 0x0f) * 4;
        byte[] report = java.util.Arrays.copyOfRange(ip, l4 + 8, l4 + PcapFile.u16(ip, l4 + 4));
        assertEquals("an agent message: " + new String(report, 0, 4), "RKA1", new String(report, 0, 4, "US-ASCII"));
        // the genuine report has been taken by now (the agent keeps reporting every 0.5 s)
        Map<String, Long> before = agentCounters();
        sendFrom(1, report);
        byte[] forged = report.clone();
        forged[forged.length - 40] ^= 1; // a bit of the body: the load figures
        sendFrom(1, forged);
        byte[] unsigned = java.util.Arrays.copyOf(report, report.length - 32);
        unsigned[5] = 0;
        sendFrom(1, unsigned);
        assertTrue("three drops counted: " + agentCounters(), eventually(10, () -> {
            Map<String, Long> now = agentCounters();
            return now.get("replayed") == before.get("replayed") + 1 && now.get("bad-signature") == before.get("bad-signature") + 1
                    && now.get("unsigned") == before.get("unsigned") + 1;
        }));
        long accepted = agentCounters().get("accepted");
        assertTrue("the node's own reports go on being accepted",
                eventually(10, () -> agentCounters().get("accepted") >= accepted + 2));
    }
}
