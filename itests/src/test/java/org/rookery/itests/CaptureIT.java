package org.rookery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpPacket;
import org.rookery.api.cluster.ClusterService;
import org.rookery.api.conntrack.ConnectionTable;

/**
 * pcap4j inside the framework and the {@code replay} command: packets parse into TCP whatever the
 * caller's context class loader (the wrapper bundle bound the static factories at start), libpcap
 * reads captures through JNA, and a replay distributes a real capture's connections over the nodes,
 * writes the rewritten frames, and leaves the live table and counters alone.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CaptureIT extends RookeryTestSupport {

    private static final String N1_MAC = "02:aa:00:00:00:01";

    @Inject
    private ClusterService cluster;

    @Inject
    private ConnectionTable conntrack;

    /** The packet bundle's capture of three HTTP requests over loopback to 127.0.0.1:18080. */
    private static Path capture() {
        Path p = Path.of(System.getProperty("rookery.itest.captures", "target/captures"), "http-v4.pcap");
        assertTrue("capture missing: " + p, Files.isRegularFile(p));
        return p;
    }

    @Test
    public void pcap4jParsesTcpInsideTheFrameworkWhateverTheContextLoader() throws Exception {
        Bundle wrapper = FrameworkUtil.getBundle(EthernetPacket.class);
        assertEquals("org.rookery.pcap4j", wrapper.getSymbolicName());
        assertEquals(Bundle.ACTIVE, wrapper.getState());
        byte[] syn = firstFrame(capture());
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(null); // a context loader that sees no services file: the trap, had the binder not been bound
        try {
            Packet p = EthernetPacket.newPacket(syn, 0, syn.length);
            assertNotNull("IPv4, not UnknownPacket: " + p, p.get(IpV4Packet.class));
            TcpPacket tcp = p.get(TcpPacket.class);
            assertNotNull("TCP: " + p, tcp);
            assertEquals(18080, tcp.getHeader().getDstPort().valueAsInt());
            assertTrue(tcp.getHeader().getSyn());
        } finally {
            t.setContextClassLoader(before);
        }
    }

    @Test
    public void replayDistributesARealCaptureAndWritesRewrittenFrames() throws Exception {
        shell("pool add web --policy wrr");
        shell("node add web n1 --addr 10.0.1.1 --mac " + N1_MAC);
        shell("node add web n2 --addr 10.0.1.2");
        shell("service add web --vip 127.0.0.1 --port 18080 --pool web --mode dr");
        Map<String, Map<String, Long>> statsBefore = cluster.stats();
        int tracked = conntrack.size();
        Path out = Path.of(System.getProperty("rookery.itest.work", "target/itest-work"), "CaptureIT", "replay-out.pcap");
        Files.deleteIfExists(out);

        String summary = shell("replay " + capture() + " --service web --out " + out).strip();
        System.out.println(summary);
        assertTrue(summary, summary.startsWith("replayed " + capture() + ": 30 frames, 15 to nodes; service web\n"));
        assertTrue(summary, summary.contains("\npolicies: web wrr\n"));
        // three connections, wrr over equal weights: two on n1 (6 + 3 frames), one on n2 (6 frames)
        assertTrue(summary, summary.matches("(?s).*\nweb/n1\\s+10\\.0\\.1\\.1\\s+02:aa:00:00:00:01\\s+2\\s+66\\.7%\\s+9\\s+60\\.0%\n.*"));
        assertTrue(summary, summary.matches("(?s).*\nweb/n2\\s+10\\.0\\.1\\.2\\s+02:00:00:00:00:\\p{XDigit}{2}\\*\\s+1\\s+33\\.3%\\s+6\\s+40\\.0%\n.*"));
        assertTrue(summary, summary.matches("(?s).*\nforwarded\\s+15\\s+50\\.0%\n.*"));
        assertTrue(summary, summary.matches("(?s).*\nskipped \\(not web\\)\\s+15\\s+50\\.0%\n.*"));
        assertTrue(summary, summary.endsWith("\nwrote 15 frames to " + out));

        int frames = 0;
        int toN1 = 0;
        try (PcapHandle h = Pcaps.openOffline(out.toString())) { // libpcap through JNA, inside the framework
            while (true) {
                byte[] f;
                try {
                    f = h.getNextRawPacketEx();
                } catch (EOFException e) {
                    break;
                }
                frames++;
                EthernetPacket eth = EthernetPacket.newPacket(f, 0, f.length);
                String mac = eth.getHeader().getDstAddr().toString();
                toN1 += mac.equals(N1_MAC) ? 1 : 0;
                assertTrue(mac, mac.equals(N1_MAC) || mac.startsWith("02:00:00:00:00:"));
                assertEquals("direct routing keeps the port", 18080, eth.get(TcpPacket.class).getHeader().getDstPort().valueAsInt());
            }
        }
        assertEquals(15, frames);
        assertEquals(9, toN1);
        assertEquals("the live table is untouched", tracked, conntrack.size());
        assertEquals("the live counters are untouched", statsBefore, cluster.stats());
    }

    @Test
    public void wrongArgumentsAreOneClearLine() throws Exception {
        expectError("replay /no/such/file.pcap", "no such file: /no/such/file.pcap; expected a pcap file");
        Path text = Files.writeString(Files.createTempFile("not-a-capture", ".pcap"), "hello\n");
        expectError("replay " + text, text + " is not a pcap file: ");
        expectError("replay " + capture() + " --policy nosuch", "no policy named nosuch is installed; installed: ");
        expectError("replay " + capture() + " --service nosuch", "no service named nosuch");
        expectError("replay " + capture() + " --speed 2", "unknown option --speed");
        assertTrue(shell("help replay").contains("replay a pcap file"));
    }

    private void expectError(String command, String expected) {
        try {
            fail("'" + command + "' was accepted: " + shell(command));
        } catch (Exception e) {
            String msg = String.valueOf(e.getMessage());
            assertTrue("'" + command + "' failed with: " + msg, msg.contains(expected));
            assertFalse("more than one line: " + msg, msg.contains("\n"));
        }
    }

    /** The first frame of a classic little-endian pcap file, read without libpcap. */
    private static byte[] firstFrame(Path pcap) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xA1B2C3D4, b.getInt(0));
        int captured = b.getInt(24 + 8);
        return Arrays.copyOfRange(b.array(), 24 + 16, 24 + 16 + captured);
    }
}
