package org.rookery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import javax.inject.Inject;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.rookery.api.cluster.ClusterService;

/**
 * The cluster configured through the shell commands and through {@code conf/*.cfg} files, checked
 * again after a framework restart: every method boots a fresh framework (PerMethod) over the same
 * Config Admin folder, so the second method sees only what was persisted.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ClusterConfigIT extends RookeryTestSupport {

    @Inject
    private ConfigurationAdmin configAdmin;

    @Inject
    private ClusterService cluster;

    @Override
    protected boolean freshConfiguration() {
        return false; // the point: the second boot reads what the first one stored
    }

    private Path conf() {
        return Paths.get(context.getProperty("rookery.itest.conf"));
    }

    @Test
    public void a_configureThroughCommandsAndFiles() throws Exception {
        // start from nothing, whatever an earlier run left
        Files.deleteIfExists(conf().resolve("org.rookery.pool-files.cfg"));
        Files.deleteIfExists(conf().resolve("org.rookery.node-files.f1.cfg"));
        Configuration[] old = configAdmin.listConfigurations("(service.pid=org.rookery.*)");
        if (old != null) {
            for (Configuration c : old) {
                c.delete();
            }
        }
        assertTrue(eventually(10, () -> cluster.pools().isEmpty()));

        shell("pool add web --policy maglev --option maglev.table=251");
        shell("node add web n1 --addr 10.0.0.1 --weight 3");
        shell("node add web n2 --addr 10.0.0.2:8080 --mac 02:00:00:00:00:02");
        shell("service add web --vip 192.0.2.10 --port 80 --pool web --mode dr --iface eth0");
        shell("rule add --src 198.51.100.0/24 --to drop");
        shell("portspace set --base 10000 --slice 1000");
        shell("node drain web n2");

        String pools = shell("pool list");
        assertTrue(pools, pools.matches("(?s).*web\\s+maglev\\s+maglev\\s+2\\s+1\\s+\\{maglev.table=251\\}.*"));
        shell("pool add later --policy not-yet-installed");
        assertTrue(shell("pool list"), shell("pool list").matches("(?s).*later\\s+not-yet-installed\\s+rr \\(fallback: not-yet-installed not installed\\).*"));
        shell("pool del later");

        write("org.rookery.pool-files.cfg", "name=files\npolicy=rr\n");
        write("org.rookery.node-files.f1.cfg", "pool=files\nname=f1\naddress=10.0.1.1\nweight=2\n");
        assertTrue("pool from a .cfg file not seen: " + shellQuietly("node list"),
                eventually(15, () -> shellQuietly("node list files").contains("10.0.1.1")));
    }

    @Test
    public void b_everythingIsBackAfterARestart() throws Exception {
        assertTrue("cluster not restored: " + shellQuietly("pool list"),
                eventually(15, () -> cluster.pools().size() == 2 && cluster.nodes(null).size() == 3));
        String pools = shell("pool list");
        assertTrue(pools, pools.contains("maglev") && pools.contains("files"));
        assertTrue(pools, pools.contains("maglev.table=251"));
        String nodes = shell("node list");
        assertTrue(nodes, nodes.matches("(?s).*web\\s+n1\\s+10\\.0\\.0\\.1\\s+3\\s+up\\s+0.*"));
        assertTrue(nodes, nodes.matches("(?s).*web\\s+n2\\s+10\\.0\\.0\\.2:8080\\s+1\\s+draining\\s+1.*"));
        assertTrue(nodes, nodes.matches("(?s).*files\\s+f1\\s+10\\.0\\.1\\.1\\s+2\\s+up.*"));
        String services = shell("service list");
        assertTrue(services, services.matches("(?s).*web\\s+192\\.0\\.2\\.10\\s+tcp\\s+80\\s+web\\s+dr\\s+eth0.*"));
        String rules = shell("rule list");
        assertTrue(rules, rules.matches("(?s).*1\\s+1\\s+any\\s+198\\.51\\.100\\.0/24\\s+any\\s+any\\s+-\\s+drop.*"));
        String ps = shell("portspace show");
        assertTrue(ps, ps.contains("base 10000, slice 1000") && ps.contains("10000-10999"));
    }

    @Test
    public void c_wrongArgumentsChangeNothing() throws Exception {
        assertTrue(eventually(15, () -> cluster.pools().size() == 2));
        String before = shell("node list") + shell("service list") + shell("rule list") + shell("pool list");
        expectError("service add api --vip 192.0.2.300 --port 443 --pool web", "not an IPv4 address");
        expectError("service add api --vip 192.0.2.11 --port 443 --pool nosuch", "does not exist");
        expectError("service add api --vip 192.0.2.11 --port 70000 --pool web", "port");
        expectError("service add api --vip 192.0.2.11 --pool web", "missing --port");
        expectError("node add web n9 --addr 10.0.0.9 --weight heavy", "--weight");
        expectError("node add web n9 --addr 10.0.0.9 --mac zz", "MAC");
        expectError("node set web ghost --weight 2", "no node named web/ghost");
        expectError("rule add --src 10.0.0.0/33 --to drop", "prefix length");
        expectError("rule add --to pool:nosuch", "does not exist");
        expectError("rule del 99", "no rule with id 99");
        expectError("pool del web", "still used by");
        expectError("pool frobnicate", "unknown verb");
        expectError("portspace set --base 65000 --slice 1000", "does not fit");
        expectError("service add api --vip 192.0.2.11 --port 10500 --pool web", "overlaps service");
        String after = shell("node list") + shell("service list") + shell("rule list") + shell("pool list");
        assertEquals(before, after);
    }

    private void expectError(String command, String expected) {
        try {
            String out = shell(command);
            fail("'" + command + "' was accepted: " + out);
        } catch (Exception e) {
            String msg = String.valueOf(e.getMessage());
            assertTrue("'" + command + "' failed with: " + msg, msg.contains(expected));
            assertFalse("error is more than one line: " + msg, msg.contains("\n"));
        }
    }

    private void write(String name, String content) throws IOException {
        Path tmp = conf().resolve(name + ".tmp");
        Files.write(tmp, content.getBytes(StandardCharsets.UTF_8));
        Files.move(tmp, conf().resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
