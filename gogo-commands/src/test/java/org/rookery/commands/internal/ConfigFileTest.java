package org.rookery.commands.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rookery.api.cluster.ClusterDefinition;
import org.rookery.api.cluster.InvalidDefinitionException;
import org.rookery.api.model.Cidr;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.Pool;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.Rule;
import org.rookery.api.model.Verdict;
import org.rookery.api.model.VirtualService;

/** The configuration file: written and read back unchanged, and every bad line reported with its number. */
class ConfigFileTest {

    static ClusterDefinition sample() {
        return new ClusterDefinition(
                List.of(new VirtualService("web", IpAddress.parse("192.0.2.10"), Protocol.TCP, PortRange.parse("80"), "web",
                                ForwardingMethod.DR, "eth0"),
                        new VirtualService("dns", IpAddress.parse("2001:db8::53"), Protocol.UDP, PortRange.parse("5300-5310"),
                                "api", ForwardingMethod.PROXY, null)),
                List.of(new Pool("web", "maglev", Map.of("maglev.table", "251", "note", "two words")), new Pool("api", "rr")),
                List.of(new Node("web", "n1", IpAddress.parse("10.0.0.1"), 0, null, 3, NodeState.UP, 0),
                        new Node("web", "n2", IpAddress.parse("10.0.0.2"), 8080, "02:00:00:00:00:02", 1, NodeState.DRAINING, 1),
                        new Node("api", "a1", IpAddress.parse("2001:db8::1"), 53, null, 0, NodeState.DISABLED, -1)),
                List.of(new Rule(4, 6, Cidr.parse("198.51.100.0/24"), Cidr.parse("192.0.2.10"), PortRange.parse("22"), "eth1",
                                Verdict.DROP),
                        new Rule(2, 0, null, null, null, null, Verdict.node("web", "n1"))),
                new PortSpace(10000, 1000));
    }

    @Test
    void anExportReadsBackAsTheSameConfiguration() {
        ClusterDefinition d = sample();
        String text = ConfigWriter.write(d);
        ConfigReader.Result r = ConfigReader.read(text.lines().toList(), d);
        assertEquals(List.of(), r.errors(), text);
        assertEquals(List.of(), ConfigDiff.lines(d, r.definition()), text);
        assertEquals(d.rules(), r.definition().rules(), "rules keep their ids and order");
        assertTrue(text.contains("node add web n2 --addr 10.0.0.2:8080 --mac 02:00:00:00:00:02 --weight 1 --index 1 --state draining"),
                text);
        assertTrue(text.contains("pool add web --policy maglev --option maglev.table=251 --option \"note=two words\""), text);
        assertTrue(text.contains("rule add --id 4 --proto tcp --src 198.51.100.0/24 --dst 192.0.2.10/32 --dport 22 --iface eth1 --to drop"),
                text);
        assertTrue(text.contains("portspace set --base 10000 --slice 1000"), text);
    }

    @Test
    void aNodeWithoutAnIndexKeepsHavingNone() {
        ClusterDefinition d = sample();
        ConfigReader.Result r = ConfigReader.read(ConfigWriter.write(d).lines().toList(), d);
        Node a1 = r.definition().nodes().stream().filter(n -> n.name().equals("a1")).findFirst().orElseThrow();
        assertEquals(-1, a1.index());
    }

    @Test
    void everyBadLineIsReportedWithItsNumberAndTheOthersAreStillRead() {
        List<String> file = List.of(
                "# a hand-edited file",
                "pool add web --policy wrr   # trailing comment",
                "node add web n1 --addr 10.0.0.300",
                "",
                "node add web n2 --addr 10.0.0.2 --weight lots",
                "pool delete web",
                "rule add --pos 1 --to drop",
                "service add web --vip 192.0.2.1 --port 80 --pool web \"unclosed",
                "portspace set --base 4096 --slice 4096",
                "portspace off");
        ConfigReader.Result r = ConfigReader.read(file, ClusterDefinition.EMPTY);
        List<Integer> lines = r.errors().stream().map(ConfigReader.LineError::line).toList();
        assertEquals(List.of(3, 5, 6, 7, 8, 10), lines, r.errors().toString());
        assertTrue(r.errors().get(0).toString().startsWith("line 3: '10.0.0.300' is not an IPv4 address"), r.errors().toString());
        assertTrue(r.errors().get(1).message().contains("--weight 'lots' is not a whole number"), r.errors().toString());
        assertTrue(r.errors().get(2).message().contains("'pool delete' does not belong"), r.errors().toString());
        assertTrue(r.errors().get(5).message().contains("already set on line 9"), r.errors().toString());
        assertEquals(List.of("web"), r.definition().pools().stream().map(Pool::name).toList(), "good lines are still read");
        assertEquals(new PortSpace(4096, 4096), r.definition().portSpace());
    }

    @Test
    void theClustersProblemsGoToTheLineOfTheLaterItemTheyConcern() {
        List<String> file = List.of(
                "pool add web",
                "service add a --vip 192.0.2.1 --port 80 --pool web",
                "node add nope n1 --addr 10.0.0.1",
                "service add b --vip 192.0.2.1 --port 79-81 --pool web");
        ConfigReader.Result r = ConfigReader.read(file, ClusterDefinition.EMPTY);
        VirtualService a = r.definition().services().get(0);
        VirtualService b = r.definition().services().get(1);
        Node n1 = r.definition().nodes().get(0);
        InvalidDefinitionException e = new InvalidDefinitionException(List.of(
                new InvalidDefinitionException.Problem("node nope/n1 is in pool nope, which does not exist", List.of(n1)),
                new InvalidDefinitionException.Problem("services a and b both take ...", List.of(a, b))));
        List<ConfigReader.LineError> errors = ConfigCommands.lineErrors(e, r);
        assertEquals(List.of(3, 4), errors.stream().map(ConfigReader.LineError::line).toList());
        String message = ConfigCommands.refused("import", java.nio.file.Path.of("/tmp/x.cfg"), errors).getMessage();
        assertEquals("cannot import /tmp/x.cfg: 2 errors; nothing changed\n"
                + "line 3: node nope/n1 is in pool nope, which does not exist\n"
                + "line 4: services a and b both take ...", message);
    }

    @Test
    void wordsSplitAsTheWriterQuotes() {
        assertEquals(List.of("a", "b c", "d\"e", "f'g", ""), Words.split("a \"b c\" \"d\\\"e\" 'f'\"'\"g ''  # comment"));
        for (String w : List.of("plain", "two words", "quote\"and\\back", "#hash", "")) {
            assertEquals(List.of(w), Words.split(Words.quote(w)), w);
        }
    }
}
