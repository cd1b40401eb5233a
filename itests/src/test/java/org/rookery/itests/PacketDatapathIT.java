package org.rookery.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The packet datapath end to end, as an operator runs it: the test bed's namespaces
 * ({@code testbed/testbed.sh}), the distribution started inside the front-end namespace, the cluster
 * configured with {@code bin/rookery exec}, and real clients (curl, UDP sockets, a raw socket) in the
 * client namespace talking to the VIP and real servers in the node namespaces answering.
 */
public class PacketDatapathIT {

    private static TestBed bed;
    private static String bedMode;

    @BeforeClass
    public static void root() throws Exception {
        TestBed.requireRoot("PacketDatapathIT");
    }

    @AfterClass
    public static void down() throws Exception {
        if (bed != null) {
            bed.close();
            bed = null;
        }
    }

    /** The bed in the topology of MODE (tun shares dr's) with Rookery running and the cluster configured for MODE. */
    private static TestBed bed(String mode, String policy) throws Exception {
        String topology = mode.equals("nat") ? "nat" : "dr";
        if (bed == null || !bedMode.equals(topology)) {
            if (bed != null) {
                bed.close();
            }
            bed = TestBed.up(topology);
            bedMode = topology;
            bed.startRookery();
        }
        Distribution.Result r = bed.rookery("configure", "--mode", mode, "--policy", policy);
        assertTrue("configure " + mode + ": " + r, r.ok());
        return bed;
    }

    @Test
    public void directRoutingSpreadsTcpAndUdpRoundRobinAndKeepsEachConnectionOnOneNode() throws Exception {
        spreadAndStickiness(bed("dr", "rr"), "dr");
    }

    @Test
    public void natSpreadsTcpAndUdpRoundRobinAndKeepsEachConnectionOnOneNode() throws Exception {
        spreadAndStickiness(bed("nat", "rr"), "nat");
    }

    private static void spreadAndStickiness(TestBed b, String mode) throws Exception {
        String vip = b.get("VIP");
        String client = " client=" + b.get("CL_IP") + ":";
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String a = b.http(vip, "/");
            assertTrue("the node sees the real client: " + a, a.contains(client));
            answers.add(a);
        }
        assertEquals(answers.toString(), Map.of("n1", 4, "n2", 4, "n3", 4), TestBed.spread(answers));

        List<String> udp = b.udp(vip, Integer.parseInt(b.get("UDP_PORT")), 6);
        assertFalse(udp.toString(), udp.contains("timeout"));
        assertEquals(udp.toString(), 3, TestBed.spread(udp).size());

        // five requests on one keep-alive connection: one node, one client port, start to end
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-m", "10"));
        for (int i = 0; i < 5; i++) {
            cmd.add("http://" + vip + "/");
        }
        Distribution.Result keep = b.run("cl", cmd.toArray(String[]::new));
        assertTrue(keep.toString(), keep.ok());
        String[] lines = keep.out().split("\n");
        assertEquals(keep.out(), 5, lines.length);
        assertEquals(keep.out(), 1, Arrays.stream(lines).distinct().count());

        // 4 MB on one connection: every byte arrives, the node named at the end is the one that started
        String big = b.http(vip, "/big?bytes=4000000");
        assertTrue(big.substring(4000000), big.substring(4000000).matches("\nn[123] client=.*\n"));
        assertEquals(4000000, big.indexOf('\n'));

        // stats: every frame timed under its mode, frame bytes counted per node (in nat the 4 MB came back through us)
        String stats = b.exec("stats").out();
        Matcher timed = Pattern.compile("(?m)^latency:capture/" + mode + " count=(\\d+) p50=\\S+ p99=\\S+$").matcher(stats);
        assertTrue(stats, timed.find() && Long.parseLong(timed.group(1)) >= 12);
        Matcher node = Pattern.compile("(?m)^node:\\S+ .*bytes-in=(\\d+) bytes-out=(\\d+)$").matcher(stats);
        long in = 0;
        long out = 0;
        int nodes = 0;
        while (node.find()) {
            nodes++;
            assertTrue(stats, Long.parseLong(node.group(1)) > 0);
            in += Long.parseLong(node.group(1));
            out += Long.parseLong(node.group(2));
        }
        assertEquals(stats, 3, nodes);
        assertTrue(stats, in > 0 && (mode.equals("nat") ? out > 4_000_000 : out == 0));
    }

    @Test
    public void privatePortTrafficReachesExactlyItsNodeInDirectRoutingAndNat() throws Exception {
        for (String mode : List.of("dr", "nat")) {
            TestBed b = bed(mode, "rr");
            String vip = b.get("VIP");
            for (int round = 0; round < 2; round++) {  // two rounds: a round robin's turn would show
                for (int i = 1; i <= 3; i++) {
                    int port = Integer.parseInt(b.get("N" + i + "_PRIVATE_PORT"));
                    assertEquals(mode + " tcp port " + port, "n" + i, TestBed.node(b.http(vip + ":" + port, "/")));
                    assertEquals(mode + " udp port " + port, "n" + i, TestBed.node(b.udp(vip, port, 1).get(0)));
                }
            }
        }
    }

    @Test
    public void switchingThePolicyMidRunDropsNoConnection() throws Exception {
        TestBed b = bed("nat", "rr");
        String vip = b.get("VIP");
        Path work = Files.createDirectories(Paths.get(System.getProperty("rookery.itest.work", "target/itest-work"), "packet-switch"));
        int transfers = 6;
        int bytes = 3_000_000;
        List<Process> running = new ArrayList<>();
        for (int i = 0; i < transfers; i++) {
            // about 3 s each at 1 MB/s, so that all of them span the switch
            running.add(b.start("cl", work.resolve("t" + i), "curl", "-sS", "-m", "60", "-o", work.resolve("body" + i).toString(),
                    "http://" + vip + "/big?bytes=" + bytes + "&rate=1000000"));
        }
        Thread.sleep(1000);
        Distribution.Result sw = b.exec("pool set web --policy maglev");
        assertTrue(sw.toString(), sw.ok());
        assertTrue(b.exec("pool list").out().contains("maglev"));
        for (int i = 0; i < 6; i++) {
            assertTrue(b.http(vip, "/").contains(" client="));
        }
        for (int i = 0; i < transfers; i++) {
            Process p = running.get(i);
            assertTrue("transfer " + i + " did not end", p.waitFor(60, TimeUnit.SECONDS));
            assertEquals("transfer " + i + ": " + Files.readString(work.resolve("t" + i)), 0, p.exitValue());
            String body = Files.readString(work.resolve("body" + i));
            assertEquals("transfer " + i + " was cut", bytes, body.indexOf('\n'));
            assertTrue(body.substring(bytes), body.substring(bytes).matches("\nn[123] client=.*\n"));
        }
    }

    @Test
    public void malformedFramesAtTheVipAreCountedAndNothingCrashes() throws Exception {
        TestBed b = bed("dr", "rr");
        String vip = b.get("VIP");
        String pidBefore = pid(b.rookery("status").out());
        int repeat = 5;
        // first every kind at once: bad checksums, a first fragment, an unknown protocol may pass on as IPVS
        // would let them, but nothing may crash
        send(b, null, repeat);
        // then one by one, the kinds no parser can take for a flow: each must be counted as a drop
        List<String> uncounted = new ArrayList<>();
        for (String kind : List.of("truncated-ipv4-header", "ihl-below-5", "total-length-beyond-frame", "total-length-below-header",
                "truncated-tcp-header", "bad-udp-length", "later-fragment")) {
            long before = total(dropCounters(b.exec("stats").out()));
            send(b, kind, repeat);
            long counted = 0;
            for (int i = 0; i < 30 && counted < repeat; i++) {
                Thread.sleep(100);
                counted = total(dropCounters(b.exec("stats").out())) - before;
            }
            if (counted < repeat) {
                uncounted.add(kind + " (" + counted + " of " + repeat + ")");
            }
        }
        assertEquals("malformed frames not counted as drops; stats:\n" + b.exec("stats").out(), List.of(), uncounted);
        // the same front-end process still runs and still serves
        assertEquals(pidBefore, pid(b.rookery("status").out()));
        assertTrue(b.http(vip, "/").contains(" client="));
    }

    private static void send(TestBed b, String kind, int repeat) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("python3", b.script.resolveSibling("client.py").toString(), "malformed",
                b.get("FE_MAC"), b.get("VIP"), b.get("HTTP_PORT"), "--repeat", Integer.toString(repeat)));
        if (kind != null) {
            cmd.addAll(List.of("--only", kind));
        }
        Distribution.Result sent = b.run("cl", cmd.toArray(String[]::new));
        assertTrue(sent.toString(), sent.ok() && (kind == null || sent.out().equals(kind + " " + repeat + "\n")));
    }

    private static long total(Map<String, Long> counters) {
        return counters.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The datapath's drop counters: {@code capture-REASON} on the {@code drops} line of {@code stats}, frames
     * that were never a flow (a neighbour not yet resolved is not a malformed frame).
     */
    private static Map<String, Long> dropCounters(String stats) {
        Map<String, Long> m = new HashMap<>();
        for (String line : stats.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (!parts[0].equals("drops")) {
                continue;
            }
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                String key = eq > 0 ? parts[i].substring(0, eq) : "";
                if (key.startsWith("capture-") && !key.equals("capture-no-neighbour") && parts[i].substring(eq + 1).matches("\\d+")) {
                    m.put(key, Long.parseLong(parts[i].substring(eq + 1)));
                }
            }
        }
        return m;
    }

    private static String pid(String status) {
        int at = status.indexOf("(pid ");
        return at < 0 ? status : status.substring(at, status.indexOf(',', at));
    }

    @Test
    public void tunnelFramesAreTheClientsPacketsInIpInIpByteForByte() throws Exception {
        TestBed b = bed("tun", "rr");
        String vip = b.get("VIP");
        Path work = Files.createDirectories(Paths.get(System.getProperty("rookery.itest.work", "target/itest-work"), "packet-tun"));
        List<Process> dumps = new ArrayList<>();
        List<String> where = List.of("cl", "n1", "n2", "n3");
        for (String ns : where) {
            // a node's own frames only: the bridge floods frames to a MAC it has not learnt yet to every port
            String filter = ns.equals("cl") ? "udp and dst host " + vip
                    : "ip proto 4 and ether dst " + b.get("N" + ns.substring(1) + "_MAC");
            dumps.add(b.start(ns, work.resolve(ns + ".txt"), "tcpdump", "-i", "eth0", "--immediate-mode", "-U", "-n", "-s", "0", "-w",
                    work.resolve(ns + ".pcap").toString(), filter));
        }
        for (String ns : where) {
            for (int i = 0; i < 50 && !Files.readString(work.resolve(ns + ".txt")).contains("listening on"); i++) {
                Thread.sleep(100);
            }
        }
        // the nodes cannot take IP-in-IP apart here (no ipip module): the datagrams go unanswered
        b.run("cl", "python3", b.script.resolveSibling("client.py").toString(), "udp", vip, b.get("UDP_PORT"), "--count", "6",
                "--timeout", "0.2");
        Thread.sleep(500);
        for (Process p : dumps) {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        List<byte[]> sent = new ArrayList<>();
        for (byte[] f : PcapFile.frames(work.resolve("cl.pcap"))) {
            sent.add(PcapFile.ipv4(f));
        }
        assertEquals("datagrams the client sent", 6, sent.size());
        List<byte[]> inner = new ArrayList<>();
        Map<String, Integer> perNode = new HashMap<>();
        for (int n = 1; n <= 3; n++) {
            for (byte[] f : PcapFile.frames(work.resolve("n" + n + ".pcap"))) {
                String what = "frame to n" + n + ": " + hex(f);
                assertArrayEquals(what, PcapFile.mac(b.get("N" + n + "_MAC")), Arrays.copyOfRange(f, 0, 6));
                assertArrayEquals(what, PcapFile.mac(b.get("FE_MAC")), Arrays.copyOfRange(f, 6, 12));
                assertEquals(what, 0x0800, PcapFile.u16(f, 12));
                byte[] outer = PcapFile.ipv4(f);
                assertEquals(what, 0x45, outer[0] & 0xff);
                assertEquals(what, 4, outer[9]);
                assertTrue(what, (outer[8] & 0xff) > 0);
                assertEquals(what, 0, PcapFile.headerChecksum(outer, 0, 20));
                assertArrayEquals("outer source is the VIP: " + what, PcapFile.ip(vip), Arrays.copyOfRange(outer, 12, 16));
                assertArrayEquals(what, PcapFile.ip(b.get("N" + n + "_IP")), Arrays.copyOfRange(outer, 16, 20));
                byte[] in = Arrays.copyOfRange(outer, 20, outer.length);
                assertEquals(what, outer.length - 20, PcapFile.u16(in, 2));
                inner.add(in);
                perNode.merge("n" + n, 1, Integer::sum);
            }
        }
        assertEquals(perNode.toString(), 6, inner.size());
        assertEquals("round robin over the nodes: " + perNode, Map.of("n1", 2, "n2", 2, "n3", 2), perNode);
        for (byte[] s : sent) {
            assertTrue("the client's packet " + hex(s) + " arrived unchanged inside a tunnel frame",
                    inner.stream().anyMatch(i -> Arrays.equals(i, s)));
        }
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }
}
