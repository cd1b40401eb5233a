package org.rookery.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Autobind's namespace-level part for real: {@code rookery-node autobind apply} run inside network namespace
 * {@code rkn-node1} sets that namespace's {@code ip_local_port_range} (and not the host's), and an ordinary
 * unbound connection from the namespace then gets a source port in the slice, over IPv4 and IPv6. Needs root
 * and iproute2 (as CI has); skipped otherwise. The full path (leaving from the VIP through the front-end and
 * replies coming back) is itests' NodeAutobindIT, in the packet datapath's namespace test bed.
 */
class AutobindNamespaceTest {

    static final String NS = "rkn-node1";

    @BeforeEach
    void namespace() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for network namespaces");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip"))
                || Files.isExecutable(Path.of("/usr/bin/ip")), "needs iproute2");
        run(false, "ip", "netns", "del", NS); // left over from an interrupted run
        run(true, "ip", "netns", "add", NS);
        run(true, "ip", "-n", NS, "link", "set", "lo", "up");
    }

    @AfterEach
    void removeNamespace() throws Exception {
        run(false, "ip", "netns", "del", NS);
    }

    static String run(boolean check, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd) + " hangs");
        if (check) {
            assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
        }
        return out;
    }

    static String[] inNamespace(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", NS,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                mainClass));
        cmd.addAll(List.of(args));
        return cmd.toArray(new String[0]);
    }

    @Test
    void theSliceAppliedInANamespaceGivesItsConnectionsSourcePortsInTheSlice(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("key");
        Files.writeString(key, "namespace-test-key-0123456789\n");
        String hostRange = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
        String out = run(true, inNamespace(Main.class.getName(), "autobind", "apply", "--frontend", "127.0.0.1",
                "--node", "n2", "--key", key.toString(), "--index", "2", "--base", "20000", "--slice", "1000"));
        assertTrue(out.contains("applied: ip_local_port_range 22000-22999"), out);
        assertEquals("22000\t22999", run(true, "ip", "netns", "exec", NS, "cat", "/proc/sys/net/ipv4/ip_local_port_range").trim());
        assertEquals(hostRange, Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")), "the host keeps its range");

        String show = run(true, inNamespace(Main.class.getName(), "autobind", "show", "--frontend", "127.0.0.1",
                "--node", "n2", "--key", key.toString(), "--index", "2", "--base", "20000", "--slice", "1000"));
        assertTrue(show.contains("ip_local_port_range: 22000-22999 (applied)"), show);

        for (int i = 0; i < 3; i++) {
            int port = Integer.parseInt(run(true, inNamespace(ConnectProbe.class.getName(), "127.0.0.1")).trim());
            assertTrue(port >= 22000 && port <= 22999, "IPv4 source port " + port + " in the slice");
        }
        String v6 = run(false, inNamespace(ConnectProbe.class.getName(), "::1")).trim();
        if (v6.matches("\\d+")) { // IPv6 may be off in the namespace; when on, it shares the range
            int port = Integer.parseInt(v6);
            assertTrue(port >= 22000 && port <= 22999, "IPv6 source port " + port + " in the slice");
        }
    }

    @Test
    void aSliceOverAListenerIsRefusedAndNothingIsWritten(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("key");
        Files.writeString(key, "namespace-test-key-0123456789\n");
        String before = run(true, "ip", "netns", "exec", NS, "cat", "/proc/sys/net/ipv4/ip_local_port_range");
        Process p = new ProcessBuilder(inNamespace(Main.class.getName(), "autobind", "apply", "--frontend", "127.0.0.1",
                "--node", "n0", "--key", key.toString(), "--index", "0", "--base", "20", "--slice", "1000"))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor(), out);
        assertTrue(out.contains("starts below 1024"), out);
        assertEquals(before, run(true, "ip", "netns", "exec", NS, "cat", "/proc/sys/net/ipv4/ip_local_port_range"));
    }
}
