package org.rookery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The packet test bed itself, checked with the kernel's own load balancing in the front-end namespace
 * (the benchmark's baseline): nftables DNAT {@code numgen inc mod 3} for nat, a netdev MAC rewrite by
 * flow hash for dr. If these pass, a failure of {@link PacketDatapathIT} is Rookery's, not the bed's.
 */
public class TestBedIT {

    @BeforeClass
    public static void root() throws Exception {
        TestBed.requireRoot("TestBedIT");
    }

    @Test
    public void natBedBalancesTcpAndUdpThroughTheFrontEndRoundRobin() throws Exception {
        try (TestBed bed = TestBed.up("nat")) {
            String vip = bed.get("VIP");
            // nothing passes the front-end before a load balancer is on: ip_forward is off there
            Distribution.Result before = bed.run("cl", "curl", "-sS", "-m", "1", "http://" + vip + "/");
            assertFalse(before.toString(), before.ok());
            assertTrue(bed.script("--prefix", TestBed.PREFIX, "nft", "on").ok());

            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String a = bed.http(vip, "/");
                assertTrue(a, a.contains(" client=" + bed.get("CL_IP") + ":"));
                answers.add(a);
            }
            // numgen inc mod 3: exactly round robin over the new connections
            assertEquals(answers.toString(), Map.of("n1", 4, "n2", 4, "n3", 4), TestBed.spread(answers));

            List<String> udp = bed.udp(vip, Integer.parseInt(bed.get("UDP_PORT")), 6);
            assertEquals(udp.toString(), Map.of("n1", 2, "n2", 2, "n3", 2), TestBed.spread(udp));

            // the private port of node i reaches node i, whichever the round robin's turn
            for (int i = 1; i <= 3; i++) {
                String port = bed.get("N" + i + "_PRIVATE_PORT");
                assertEquals("n" + i, TestBed.node(bed.http(vip + ":" + port, "/")));
                assertEquals("n" + i, TestBed.node(bed.udp(vip, Integer.parseInt(port), 1).get(0)));
            }

            // a 2 MB transfer on one connection: every byte, served by one node to the end
            String big = bed.http(vip, "/big?bytes=2000000");
            assertEquals(2000000 + big.substring(2000000).length(), big.length());
            assertTrue(big.substring(2000000), big.substring(2000000).matches("\nn[123] client=.*\n"));
        }
        assertNoNamespaceLeft();
    }

    @Test
    public void drBedDeliversToNodesThatAnswerTheClientDirectlyFromTheVip() throws Exception {
        try (TestBed bed = TestBed.up("dr")) {
            // up again in the same mode changes nothing and says so
            Distribution.Result again = bed.script("up", "--mode", "dr", "--prefix", TestBed.PREFIX);
            assertTrue(again.toString(), again.ok() && again.out().contains("already up in mode dr"));
            String vip = bed.get("VIP");
            // the front-end owns the VIP: without a balancer its kernel answers, refusing port 80 (curl's status 7)
            Distribution.Result refused = bed.run("cl", "curl", "-sS", "-m", "2", "http://" + vip + "/");
            assertEquals(refused.toString(), 7, refused.status());
            assertTrue(bed.script("--prefix", TestBed.PREFIX, "nft", "on").ok());

            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String a = bed.http(vip, "/");
                assertTrue(a, a.contains(" client=" + bed.get("CL_IP") + ":"));
                answers.add(a);
            }
            // a hash of the flow: 30 connections from random ports meet every node (all miss one: p < 1e-4)
            assertEquals(answers.toString(), 3, TestBed.spread(answers).size());
            List<String> udp = bed.udp(vip, Integer.parseInt(bed.get("UDP_PORT")), 6);
            assertFalse(udp.toString(), udp.contains("timeout"));
            // the nodes' replies go straight to the client: the 2 MB answer does not pass the front-end
            long before = rxBytes(bed);
            String big = bed.http(vip, "/big?bytes=2000000");
            assertTrue(big.substring(2000000), big.substring(2000000).matches("\nn[123] client=.*\n"));
            long through = rxBytes(bed) - before;
            assertTrue(through + " bytes reached the front-end", through < 500_000);
            assertTrue(bed.script("--prefix", TestBed.PREFIX, "nft", "off").ok());
        }
        assertNoNamespaceLeft();
    }

    private static long rxBytes(TestBed bed) throws Exception {
        return Long.parseLong(bed.run("fe", "cat", "/sys/class/net/eth0/statistics/rx_bytes").out().trim());
    }

    private static void assertNoNamespaceLeft() throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "list").start();
        String list = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        assertFalse(list, list.contains(TestBed.PREFIX + "-"));
    }
}
