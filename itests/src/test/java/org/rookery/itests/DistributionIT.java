package org.rookery.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;

/**
 * The distribution driven from outside through {@code bin/rookery}, as an operator or a script drives
 * it: background start and stop, exec with exit statuses, configuration that survives a restart and a
 * crash, and policy bundles hot-deployed, updated and removed through {@code deploy/}.
 */
public class DistributionIT {

    @Test
    public void startExecStopAndStatus() throws Exception {
        try (Distribution d = Distribution.copy("lifecycle")) {
            Distribution.Result stopped = d.exec("rookery:version");
            assertNotEquals(0, stopped.status());
            assertTrue(stopped.err(), stopped.err().contains("no running instance"));
            assertEquals(3, d.rookery("status").status());

            Distribution.Result start = d.rookery("start");
            assertTrue(start.toString(), start.ok() && start.out().contains("started"));
            assertTrue(d.rookery("status").ok());
            Distribution.Result version = d.exec("rookery:version");
            assertTrue(version.toString(), version.ok() && version.out().contains("org.rookery.cluster"));
            assertFalse(version.toString(), version.out().matches("(?s).*org\\.rookery\\.\\S+\\s+\\S+\\s+(INSTALLED|RESOLVED).*"));

            Distribution.Result bad = d.exec("pool add");
            assertEquals(1, bad.status());
            assertTrue(bad.toString(), bad.err().startsWith("missing NAME; usage: pool add"));
            assertEquals("", bad.out());
            Distribution.Result unknown = d.exec("nosuchcommand");
            assertEquals(1, unknown.status());

            assertTrue(d.rookery("stop").ok());
            assertEquals(3, d.rookery("status").status());
            assertNotEquals(0, d.exec("rookery:version").status());
        }
    }

    @Test
    public void configurationSurvivesRestartAndCrash() throws Exception {
        try (Distribution d = Distribution.copy("persistence")) {
            assertTrue(d.rookery("start").ok());
            assertTrue(d.exec("pool add web --policy wlc").ok());
            assertTrue(d.exec("node add web n1 --addr 10.0.0.1 --weight 4").ok());
            assertTrue(d.exec("service add web --vip 127.0.0.1 --port 18999 --pool web --mode proxy").ok());
            assertTrue(d.exec("rule add --src 198.51.100.0/24 --to drop").ok());
            assertTrue(d.rookery("stop").ok());
            assertTrue(d.rookery("start").ok());
            assertTrue(d.exec("node list").out().matches("(?s).*web\\s+n1\\s+10\\.0\\.0\\.1\\s+4\\s+up.*"));

            // a crash: kill -9, then start again
            new ProcessBuilder("kill", "-9", Long.toString(d.pid())).start().waitFor();
            Thread.sleep(500);
            assertTrue(d.rookery("start").ok());
            Distribution.Result services = d.exec("service list");
            assertTrue(services.toString(), services.out().matches("(?s).*web\\s+127\\.0\\.0\\.1\\s+tcp\\s+18999\\s+web\\s+proxy.*"));
            assertTrue(d.exec("rule list").out().contains("198.51.100.0/24"));
            assertTrue(d.exec("pool list").out().contains("wlc"));
        }
    }

    @Test
    public void policyBundlesAreHotDeployedUpdatedAndRemovedThroughDeploy() throws Exception {
        Path fixture = Paths.get(System.getProperty("rookery.fixture.policy"));
        try (Distribution d = Distribution.copy("deploy")) {
            assertTrue(d.rookery("start").ok());
            assertTrue(d.exec("pool add web --policy fixture-first").ok());
            assertTrue(d.exec("pool list").out().contains("fallback: fixture-first not installed"));

            Path deployed = d.home.resolve("deploy/fixture-policy.jar");
            copyAtomically(fixture, deployed);
            Distribution.Result listed = d.await("policies", r -> r.out().matches("(?s).*fixture-first\\s+\\d+\\s.*"), 20);
            Matcher m = Pattern.compile("fixture-first\\s+(\\d+)\\s+\\S+\\s+(\\S+)\\s+web").matcher(listed.out());
            assertTrue(listed.toString(), m.find());
            String id = m.group(1);
            assertTrue(d.exec("pool list").out().matches("(?s).*web\\s+fixture-first\\s+fixture-first\\s.*"));

            // a new version replaces the jar: updated in place, same bundle id
            Path v2 = Files.createTempFile("fixture-v2", ".jar");
            withVersion(fixture, v2, "0.1.1");
            copyAtomically(v2, deployed);
            Distribution.Result updated = d.await("policies", r -> r.out().matches("(?s).*fixture-first\\s+" + id + "\\s+\\S+\\s+0\\.1\\.1\\s.*"), 20);
            assertTrue(updated.toString(), updated.out().matches("(?s).*fixture-first\\s+" + id + "\\s+\\S+\\s+0\\.1\\.1\\s.*"));

            Files.delete(deployed);
            Distribution.Result gone = d.await("policies", r -> !r.out().matches("(?s).*fixture-first\\s+\\d+\\s.*"), 20);
            assertTrue(gone.toString(), gone.out().contains("built-in round-robin fallback: web (wants fixture-first)"));
            assertTrue(d.exec("pool list").out().contains("fallback: fixture-first not installed"));
        }
    }

    private static void copyAtomically(Path from, Path to) throws IOException {
        Path tmp = to.resolveSibling(to.getFileName() + ".part");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The same bundle with another Bundle-Version, as a rebuilt release would be. */
    private static void withVersion(Path jar, Path out, String version) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest mf = in.getManifest();
            mf.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (JarOutputStream o = new JarOutputStream(Files.newOutputStream(out), mf)) {
                for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                    o.putNextEntry(new JarEntry(e.getName()));
                    in.transferTo(o);
                    o.closeEntry();
                }
            }
        }
    }
}
