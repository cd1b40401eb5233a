package org.rookery.commands.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rookery.api.cluster.ClusterDefinition;
import org.rookery.api.health.HealthCheck;
import org.rookery.api.load.AgentSettings;

/** Health checks and the agent receiver in the configuration file: written, read back, compared, and bad lines named. */
class ConfigNodeSideTest {

    static final List<HealthCheck> CHECKS = List.of(
            new HealthCheck("web", "http", 2000, 1000, 2, 3, 8080, "/health", 204),
            new HealthCheck("api", "tcp", 500, 250, 1, 5, 0, "/", 200));
    static final AgentSettings AGENT = new AgentSettings("10.0.0.1", 7070, "/etc/rookery/agent key", 4, 2500);

    @Test
    void anExportWithChecksAndAgentReadsBackTheSame() {
        ClusterDefinition d = ConfigFileTest.sample();
        String text = ConfigWriter.write(d, CHECKS, AGENT);
        assertTrue(text.contains("\nagent set --addr 10.0.0.1 --port 7070 --key \"/etc/rookery/agent key\" --missed 4 --max-age 2.5\n"),
                text);
        assertTrue(text.contains("\nhealth set web --type http --interval 2 --timeout 1 --rise 2 --fall 3 --port 8080 --path /health"
                + " --expect 204\n"), text);
        assertTrue(text.contains("\nhealth set api --type tcp --interval 0.5 --timeout 0.25 --rise 1 --fall 5\n"), text);
        assertTrue(text.indexOf("health set web") > text.indexOf("node add web n2") && text.indexOf("health set web") < text.indexOf(
                "pool add api"), "a pool's check follows its nodes: " + text);

        ConfigReader.Result r = ConfigReader.read(text.lines().toList(), d);
        assertEquals(List.of(), r.errors(), text);
        assertEquals(CHECKS, r.checks());
        assertEquals(AGENT, r.agent());
        assertEquals(List.of(), ConfigDiff.lines(d, r.definition()));
        assertEquals(List.of(), ConfigDiff.nodeSideLines(CHECKS, r.checks(), AGENT, r.agent()), "export then import: no changes");
    }

    @Test
    void aFileWithoutAgentOrHealthLinesTurnsThemOff() {
        ClusterDefinition d = ConfigFileTest.sample();
        ConfigReader.Result r = ConfigReader.read(ConfigWriter.write(d).lines().toList(), d);
        assertNull(r.agent());
        assertEquals(List.of(), r.checks());
        assertEquals(List.of("- agent", "- health api", "- health web"), ConfigDiff.nodeSideLines(CHECKS, r.checks(), AGENT, r.agent()));
    }

    @Test
    void changesAreOneLineEach() {
        List<HealthCheck> after = List.of(
                new HealthCheck("web", "http", 1000, 1000, 2, 3, 8080, "/ready", 204),
                new HealthCheck("db", "agent", 1000, 3000, 2, 3, 0, "/", 200));
        AgentSettings moved = new AgentSettings("10.0.0.1", 7071, "/etc/rookery/agent key", 4, 2500);
        assertEquals(List.of("~ agent port 7070 -> 7071",
                "- health api",
                "+ health db type=agent interval=1s timeout=3s rise=2 fall=3",
                "~ health web interval 2s -> 1s, path /health -> /ready"), ConfigDiff.nodeSideLines(CHECKS, after, AGENT, moved));
        assertEquals(List.of("+ agent address=10.0.0.1 port=7070 key=\"/etc/rookery/agent key\" missed=4 max-age=2.5s"),
                ConfigDiff.nodeSideLines(List.of(), List.of(), null, AGENT));
    }

    @Test
    void badHealthAndAgentLinesAreReportedWithTheirNumbers() {
        List<String> file = List.of(
                "pool add web",
                "health set web --type ping",
                "health set web --type tcp --fall 0",
                "health set web --type tcp",
                "health set web --type http",
                "health set nopool --type tcp",
                "agent set --port 7070",
                "agent set --port 7070 --key /k",
                "agent off",
                "health set web --interval 2");
        ConfigReader.Result r = ConfigReader.read(file, ClusterDefinition.EMPTY);
        List<Integer> lines = r.errors().stream().map(ConfigReader.LineError::line).toList();
        assertEquals(List.of(2, 3, 5, 6, 7, 9, 10), lines.stream().sorted().toList(), r.errors().toString());
        String all = r.errors().toString();
        assertTrue(all.contains("line 2: 'ping' is not a check type"), all);
        assertTrue(all.contains("line 3: --fall '0' is not a whole number in 1-100"), all);
        assertTrue(all.contains("line 5: the health check of pool web is already set on line 4"), all);
        assertTrue(all.contains("line 6: health check of pool nopool: the file has no pool nopool"), all);
        assertTrue(all.contains("line 7: missing --key"), all);
        assertTrue(all.contains("line 9: the agent receiver is already set on line 8"), all);
        assertTrue(all.contains("line 10: missing --type for a new check"), all);
        assertEquals(new AgentSettings("0.0.0.0", 7070, "/k", 3, 5000), r.agent(), "good lines are still read");
    }

    @Test
    void anAgentLineIsCheckedForItsKeyFileAndPort(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("agent.key");
        AgentSettings s = new AgentSettings("127.0.0.1", 7070, key.toString(), 3, 5000);
        assertTrue(ConfigCommands.agentProblem(s, null).startsWith("cannot read key file " + key), ConfigCommands.agentProblem(s, null));
        Files.writeString(key, "short\n");
        assertTrue(ConfigCommands.agentProblem(s, null).contains("at least 16"), ConfigCommands.agentProblem(s, null));
        Files.writeString(key, "a-long-enough-shared-key-0123456789\n");
        try (DatagramChannel taken = DatagramChannel.open()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();
            AgentSettings busy = new AgentSettings("127.0.0.1", port, key.toString(), 3, 5000);
            String p = ConfigCommands.agentProblem(busy, null);
            assertTrue(p != null && p.startsWith("cannot receive agent reports on udp 127.0.0.1:" + port), p);
            // the receiver's own socket is no obstacle
            assertNull(ConfigCommands.agentProblem(busy, new AgentSettings("127.0.0.1", port, "/other", 3, 5000)));
        }
    }
}
