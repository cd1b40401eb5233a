package org.rookery.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The command line's checks. */
class NodeArgsTest {

    static String error(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> {
            NodeArgs a = NodeArgs.parse(args);
            a.space();
            a.agentConfig();
        }).getMessage();
    }

    @Test
    void mistakesAreOneLineWithTheUsage() {
        assertTrue(error("--frontend", "127.0.0.1", "--node", "n1").startsWith("missing --key; usage: rookery-node"));
        assertTrue(error("--bogus").startsWith("unknown option --bogus"));
        assertTrue(error("--index", "1", "--base", "2000").startsWith("--index, --base and --slice go together"));
        assertTrue(error("frobnicate").startsWith("unknown command 'frobnicate'"));
        assertTrue(error("--frontend", "h:0", "--node", "n", "--key", "k").contains("port '0' is not 1-65535"));
        assertTrue(error("--frontend", "127.0.0.1", "--node", "n", "--key", "k", "--interval", "x").contains("--interval 'x'"));
    }

    @Test
    void aWholeCommandLine() {
        NodeArgs a = NodeArgs.parse(new String[] {"autobind", "show", "--frontend", "127.0.0.1:9000", "--node", "web/n1",
            "--key", "/k", "--index", "3", "--base", "10000", "--slice", "500", "--service-ports", "80,8000-8010", "--route"});
        assertEquals("autobind show", a.command());
        assertEquals(10000, a.space().base());
        assertEquals(2, a.servicePorts().size());
        assertEquals(9000, a.agentConfig().frontend().getPort());
        assertEquals(1000, a.agentConfig().intervalMillis());
        assertTrue(a.has("--route"));
        assertNull(NodeArgs.parse(new String[] {"--frontend", "x"}).space());
    }
}
