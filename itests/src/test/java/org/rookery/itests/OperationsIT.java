package org.rookery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Test;

/**
 * Day-to-day operation through {@code bin/rookery}, as an operator does it: the whole configuration
 * exported, compared, imported (all or nothing, every error with its line) and kept over a restart;
 * {@code log tail} showing a change just made; {@code status} with uptime, version and health.
 */
public class OperationsIT {

    private static final List<String> LISTS = List.of("service list", "node list", "pool list", "rule list");

    @Test
    public void configurationIsExportedComparedAndImportedWholeOrNotAtAll() throws Exception {
        try (Distribution d = Distribution.copy("operations")) {
            assertTrue(d.rookery("start").ok());
            for (String line : List.of("pool add web --policy wrr", "node add web n1 --addr 10.0.0.1 --weight 3",
                    "node add web n2 --addr 10.0.0.2:8080", "node drain web n2",
                    "service add web --vip 127.0.0.1 --port 18998 --pool web --mode proxy",
                    "rule add --src 198.51.100.0/24 --to drop", "portspace set --base 20000 --slice 1000")) {
                Distribution.Result r = d.exec(line);
                assertTrue(line + ": " + r, r.ok());
            }
            // a relative FILE is taken from the directory bin/rookery exec runs in
            Path backups = Files.createDirectories(d.home.resolve("backups"));
            Distribution.Result export = d.rookeryIn(backups, "exec", "config export cluster.cfg");
            assertTrue(export.toString(), export.ok() && export.out().contains("exported 1 service, 1 pool, 2 nodes, 1 rule, 0 health checks, agent receiver off to "));
            Path exported = backups.resolve("cluster.cfg");
            String text = Files.readString(exported);
            assertTrue(text, text.contains("node add web n2 --addr 10.0.0.2:8080 --weight 1 --index 1 --state draining"));
            assertTrue(text, text.contains("rule add --id 1 --src 198.51.100.0/24 --to drop"));
            assertEquals("no changes\n", d.exec("config diff " + exported).out());
            assertEquals("no changes\n", d.exec("config import " + exported).out());

            // a file with mistakes: every one listed with its line, and nothing changes
            List<String> before = lists(d);
            Path bad = write(d.home.resolve("bad.cfg"),
                    "# three mistakes",
                    "pool add web --policy wrr",
                    "node add web n1 --addr 10.0.0.300",
                    "service add web --vip 127.0.0.1 --port 18998 --pool web --mode proxy",
                    "node add nope n9 --addr 10.0.0.9",
                    "",
                    "service add web2 --vip 127.0.0.1 --port 18990-18999 --pool web --mode proxy");
            Distribution.Result refused = d.exec("config import " + bad);
            assertEquals(refused.toString(), 1, refused.status());
            String[] err = refused.err().split("\n");
            assertEquals(refused.toString(), 4, err.length);
            assertEquals("cannot import " + bad + ": 3 errors; nothing changed", err[0]);
            assertTrue(err[1], err[1].startsWith("line 3: '10.0.0.300' is not an IPv4 address"));
            assertEquals("line 5: node nope/n9 is in pool nope, which does not exist", err[2]);
            assertTrue(err[3], err[3].startsWith("line 7: services web and web2 both take tcp 127.0.0.1 ports"));
            assertEquals(before, lists(d));
            assertEquals(1, d.exec("config diff " + bad).status());

            // a good file replaces the configuration; diff says how beforehand
            Path good = write(d.home.resolve("good.cfg"),
                    "pool add api --policy maglev --option maglev.table=251",
                    "node add api a1 --addr 10.0.1.1 --weight 2",
                    "node add api a2 --addr 10.0.1.2 --state disabled",
                    "service add api --vip 127.0.0.1 --port 18997 --pool api --mode proxy",
                    "rule add --dport 22 --to drop");
            String diff = d.exec("config diff " + good).out();
            for (String line : List.of("~ portspace base 20000 -> off, slice 1000 -> off", "+ pool api policy=maglev options=maglev.table=251",
                    "- pool web", "+ node api/a1 address=10.0.1.1 weight=2 state=up index=0", "- node web/n2", "- service web",
                    "+ service api vip=127.0.0.1 proto=tcp port=18997 pool=api mode=proxy",
                    "~ rule 1 src 198.51.100.0/24 -> -, dport - -> 22")) {
                assertTrue(line + " in\n" + diff, diff.contains(line + "\n"));
            }
            Distribution.Result imported = d.exec("config import " + good);
            assertTrue(imported.toString(), imported.ok() && imported.out().contains("imported " + good + ": 10 changes"));
            assertTrue(d.rookery("restart").ok());
            assertEquals("no changes\n", d.exec("config diff " + good).out());
            String services = d.exec("service list").out();
            assertTrue(services, services.contains("api") && !services.matches("(?s).*\\nweb\\s.*"));
            assertTrue(d.exec("node list").out().matches("(?s).*api\\s+a2\\s+10\\.0\\.1\\.2\\s+1\\s+disabled\\s+1.*"));
        }
    }

    @Test
    public void logTailAndStatusTellWhatHappened() throws Exception {
        try (Distribution d = Distribution.copy("status")) {
            assertTrue(d.rookery("start").ok());
            assertTrue(d.exec("pool add web --policy maglev").ok());
            assertTrue(d.exec("node add web n1 --addr 10.0.0.1").ok());
            assertTrue(d.exec("node add web n2 --addr 10.0.0.2").ok());
            assertTrue(d.exec("node drain web n2").ok());
            assertTrue(d.exec("service add web --vip 127.0.0.1 --port 18996 --pool web --mode proxy").ok());
            String log = d.exec("log tail 50").out();
            assertTrue(log, log.contains("event=node-state node=web/n2 from=up to=draining"));
            assertTrue(log, log.contains("event=config-change what=\"service web added\""));
            assertEquals(3, d.exec("log tail 3").out().split("\n").length);
            int all = d.exec("log tail 10000").out().split("\n").length;
            assertEquals(Math.min(20, all), d.exec("log tail").out().split("\n").length);
            assertEquals(1, d.exec("log tail 10001").status());

            Distribution.Result status = d.rookery("status");
            assertEquals(status.toString(), 0, status.status());
            assertTrue(status.toString(), status.out().matches("(?s)rookery: running \\(pid \\d+, uptime \\d+m \\d+s, .*"));
            assertTrue(status.toString(), status.out().contains("\nversion: Rookery 0.1.0"));
            assertTrue(status.toString(), status.out().contains("\nbundles not active: "));
            // degraded only by a bundle of the distribution that is not active, which is not this test's business
            assertTrue(status.toString(), status.out().matches("(?s).*\nhealth: (ok|degraded) — 1 service, 1 pool, 2 nodes"
                    + " \\(1 up, 1 draining, 0 down, 0 disabled\\), 0 policies on fallback(; bundle [^\n]*)?\n"));
            assertTrue(d.rookery("stop").ok());
            assertEquals(3, d.rookery("status").status());
        }
    }

    @Test
    public void confFilesAreWrittenBackAndTheAdminListenerRefusesAnOpenAddressWithoutToken() throws Exception {
        try (Distribution d = Distribution.copy("lockdown")) {
            assertTrue(d.rookery("start").ok());
            // a pool and a node from conf/ files, changed by commands: the files follow
            write(d.home.resolve("conf/org.rookery.pool-files.cfg"), "name=files", "policy=rr");
            write(d.home.resolve("conf/org.rookery.node-files.f1.cfg"), "pool=files", "name=f1", "address=10.0.1.1", "weight=2");
            assertTrue(d.await("node list", r -> r.out().contains("10.0.1.1"), 20).out().contains("10.0.1.1"));
            assertTrue(d.exec("pool set files --policy maglev").ok());
            assertTrue(d.exec("node set files f1 --weight 7").ok());
            Path pool = d.home.resolve("conf/org.rookery.pool-files.cfg");
            Path node = d.home.resolve("conf/org.rookery.node-files.f1.cfg");
            // fileinstall writes "key = value"
            assertTrue(Files.readString(pool), eventuallyContains(pool, "policy\\s*=\\s*maglev"));
            assertTrue(Files.readString(node), eventuallyContains(node, "weight\\s*=\\s*7"));

            // the admin listener told to listen on every address without a token: refused, logged, in status
            write(d.home.resolve("conf/org.rookery.admin.cfg"), "address=0.0.0.0", "port=" + d.adminPort);
            String refusal = "admin-http: admin HTTP refuses to listen on 0.0.0.0:" + d.adminPort + ": no token is configured";
            Distribution.Result health = d.await("health", r -> r.out().contains(refusal), 20);
            assertTrue(health.toString(), health.out().startsWith("health: degraded") && health.out().contains(refusal));
            Distribution.Result status = d.rookery("status");
            assertTrue(status.toString(), status.out().contains(refusal));
            String log = Files.readString(d.home.resolve("data/log/rookery.log"));
            assertTrue(log, log.contains("admin HTTP refuses to listen on 0.0.0.0:" + d.adminPort
                    + ": no token is configured; set token in org.rookery.admin"));
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", d.adminPort)) {
                throw new AssertionError("a refused admin listener accepted a connection");
            } catch (java.net.ConnectException expected) {
                // nothing listens
            }

            // restart and crash: the pool, the node and the admin choice are all back, from data/config and conf/
            assertTrue(d.rookery("stop").ok());
            assertTrue(d.rookery("start").ok());
            Distribution.Result restarted = d.await("node list", r -> r.out().matches("(?s).*files\\s+f1\\s+10\\.0\\.1\\.1\\s+7\\s.*"), 20);
            assertTrue(restarted.toString(), restarted.out().matches("(?s).*files\\s+f1\\s+10\\.0\\.1\\.1\\s+7\\s.*"));
            new ProcessBuilder("kill", "-9", Long.toString(d.pid())).start().waitFor();
            Thread.sleep(500);
            assertTrue(d.rookery("start").ok());
            Distribution.Result pools = d.await("pool list", r -> r.out().contains("maglev"), 20);
            assertTrue(pools.toString(), pools.out().matches("(?s).*files\\s+maglev\\s+maglev\\s.*"));
            assertTrue(d.exec("node list").out().matches("(?s).*files\\s+f1\\s+10\\.0\\.1\\.1\\s+7\\s.*"));
            assertTrue(d.await("health", r -> r.out().contains(refusal), 20).out().contains(refusal));
        }
    }

    /** Whether the file comes to have a line matching the pattern within ten seconds. */
    private static boolean eventuallyContains(Path file, String linePattern) throws Exception {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("(?m)^" + linePattern + "$");
        for (int i = 0; i < 100; i++) {
            if (p.matcher(Files.readString(file)).find()) {
                return true;
            }
            Thread.sleep(100);
        }
        return p.matcher(Files.readString(file)).find();
    }

    private static List<String> lists(Distribution d) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (String l : LISTS) {
            out.add(d.exec(l).out());
        }
        return out;
    }

    private static Path write(Path file, String... lines) throws Exception {
        return Files.writeString(file, String.join("\n", lines) + "\n");
    }
}
